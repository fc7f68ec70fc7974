// Guard-page allocator: pool, slots, sampling, quarantine. See guard_alloc.h for the layout.
// Hot-path cost when guarding is off: one relaxed load in each allocation hook and one range
// check (owns) in each free. When a block is guarded: a frame-pointer walk (before the lock),
// a short critical section to take a slot, one mprotect; its free: a walk and one mprotect.
#include "guard_alloc.h"
#include "guard_hooks.h"

#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

namespace leakproof {
namespace guard {

std::atomic<uintptr_t> g_pool_lo{0};
std::atomic<uintptr_t> g_pool_span{0};
std::atomic<bool> g_enabled{false};
std::atomic<bool> g_addons_only{true};

namespace {

Pool g_pool;
pthread_mutex_t g_config_mutex = PTHREAD_MUTEX_INITIALIZER;
// Slot bookkeeping: free-slot stack and the quarantine FIFO (ring), both guarded by g_slot_mutex.
pthread_mutex_t g_slot_mutex = PTHREAD_MUTEX_INITIALIZER;
uint32_t* g_free_list = nullptr;
uint32_t g_free_count = 0;
uint32_t* g_ring = nullptr;  // capacity = slots
uint32_t g_ring_head = 0, g_ring_count = 0;
uint32_t g_in_use = 0;
uint64_t g_guarded = 0, g_exhausted = 0;

std::atomic<uint32_t> g_sample_rate{1};
std::atomic<uint32_t> g_quarantine{256};
std::atomic<bool> g_left_aligned{false};
Config g_created_with;

// Per-thread: sampling countdown and PRNG, stack bounds for the frame walk, kernel tid.
__thread uint32_t t_countdown __attribute__((tls_model("initial-exec"))) = 0;
__thread uint64_t t_rng __attribute__((tls_model("initial-exec"))) = 0;
__thread uintptr_t t_stack_lo __attribute__((tls_model("initial-exec"))) = 0;
__thread uintptr_t t_stack_hi __attribute__((tls_model("initial-exec"))) = 0;
__thread int32_t t_tid __attribute__((tls_model("initial-exec"))) = 0;

struct Locked {
  explicit Locked(pthread_mutex_t* m) : m_(m) { pthread_mutex_lock(m_); }
  ~Locked() { pthread_mutex_unlock(m_); }
  Locked(const Locked&) = delete;
  Locked& operator=(const Locked&) = delete;
  pthread_mutex_t* m_;
};

int32_t current_tid() {
  if (!t_tid) t_tid = static_cast<int32_t>(syscall(SYS_gettid));
  return t_tid;
}

// Thread stack bounds, once per thread. pthread_getattr_np may allocate inside libc, whose own
// calls are never hooked, so this cannot recurse into the guard.
void ensure_stack_bounds() {
  if (t_stack_hi) return;
  t_stack_hi = 1;  // "unknown": the walk then records the return address only
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr && size) {
    t_stack_lo = reinterpret_cast<uintptr_t>(addr);
    t_stack_hi = t_stack_lo + size;
  }
  pthread_attr_destroy(&attr);
}

bool sampled() {
  uint32_t rate = g_sample_rate.load(std::memory_order_relaxed);
  if (rate <= 1) return true;
  if (t_countdown > 1) {
    --t_countdown;
    return false;
  }
  // xorshift64: the next gap is uniform in [1, 2*rate-1] (mean = rate), so allocation patterns
  // that repeat with the sampling period are not always missed.
  if (!t_rng) t_rng = (static_cast<uint64_t>(current_tid()) << 32) ^ reinterpret_cast<uintptr_t>(&t_rng) ^ 0x9E3779B97F4A7C15ULL;
  t_rng ^= t_rng << 13;
  t_rng ^= t_rng >> 7;
  t_rng ^= t_rng << 17;
  t_countdown = 1 + static_cast<uint32_t>(t_rng % (2ULL * rate - 1));
  return true;
}

inline uintptr_t slot_base(uint32_t idx) { return g_pool.lo + g_pool.page + idx * g_pool.stride; }
inline size_t data_bytes() { return g_pool.data_pages * g_pool.page; }

long index_of(uintptr_t p) {
  if (p < g_pool.lo + g_pool.page || p >= g_pool.lo + g_pool.span) return -1;
  return static_cast<long>((p - g_pool.lo - g_pool.page) / g_pool.stride);
}

// Caller holds g_slot_mutex.
void push_free(uint32_t idx) {
  g_pool.table[idx].state.store(kSlotFree, std::memory_order_release);
  g_free_list[g_free_count++] = idx;
}

// Caller holds g_slot_mutex.
void trim_quarantine(uint32_t limit) {
  while (g_ring_count > limit) {
    uint32_t oldest = g_ring[g_ring_head];
    g_ring_head = (g_ring_head + 1) % g_pool.slots;
    --g_ring_count;
    push_free(oldest);
  }
}

void lock_for_fork() { pthread_mutex_lock(&g_slot_mutex); }
void unlock_after_fork() { pthread_mutex_unlock(&g_slot_mutex); }

void* map_zeroed(size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

bool create_pool(const Config& c, const char** error) {
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t data_pages = (c.max_size + page - 1) / page;
  if (data_pages == 0) data_pages = 1;
  size_t stride = (data_pages + 1) * page;
  size_t span = page + static_cast<size_t>(c.slots) * stride;
  void* region = mmap(nullptr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (region == MAP_FAILED) {
    *error = "leakproof guard: cannot reserve the guard pool (mmap failed)";
    return false;
  }
  auto* table = static_cast<Slot*>(map_zeroed(sizeof(Slot) * c.slots));
  g_free_list = static_cast<uint32_t*>(map_zeroed(sizeof(uint32_t) * c.slots));
  g_ring = static_cast<uint32_t*>(map_zeroed(sizeof(uint32_t) * c.slots));
  if (!table || !g_free_list || !g_ring) {
    *error = "leakproof guard: cannot allocate the slot table (mmap failed)";
    return false;  // the mappings stay (tiny, and a retry would need them anyway)
  }
  g_pool.page = page;
  g_pool.data_pages = data_pages;
  g_pool.stride = stride;
  g_pool.slots = c.slots;
  g_pool.span = span;
  g_pool.table = table;
  g_pool.lo = reinterpret_cast<uintptr_t>(region);
  for (uint32_t i = c.slots; i > 0; --i) push_free(i - 1);  // slot 0 is handed out first
  g_created_with = c;
  pthread_atfork(lock_for_fork, unlock_after_fork, unlock_after_fork);
  // Publish the range last: owns() must never see a span without its base.
  g_pool_lo.store(g_pool.lo, std::memory_order_relaxed);
  g_pool_span.store(span, std::memory_order_release);
  return true;
}

}  // namespace

const Pool& pool() { return g_pool; }

int capture_stack(const uintptr_t* frame, uintptr_t* out, int max) {
  ensure_stack_bounds();
  out[0] = frame[1];
  int n = 1;
  uintptr_t prev = reinterpret_cast<uintptr_t>(frame);
  uintptr_t next = frame[0];
  // Each frame record must lie above the previous one and inside this thread's stack.
  while (n < max) {
    if (next <= prev || next < t_stack_lo || next + 2 * sizeof(uintptr_t) > t_stack_hi || (next & 7)) break;
    const auto* fp = reinterpret_cast<const uintptr_t*>(next);
    if (fp[1] < 4096) break;
    out[n++] = fp[1];
    prev = next;
    next = fp[0];
  }
  return n;
}

bool configure(const Config& c, const char** error) {
  Locked l(&g_config_mutex);
  if (!g_pool.table) {
    locate_modules();
    if (!create_pool(c, error)) return false;
    install_fault_handler();
  } else if (c.slots != g_created_with.slots || c.max_size != g_created_with.max_size) {
    *error =
        "leakproof guard: slots and maxSize are fixed when the pool is first created in a process; "
        "pass the same values (or omit them) on later calls";
    return false;
  }
  g_sample_rate.store(c.sample_rate ? c.sample_rate : 1, std::memory_order_relaxed);
  uint32_t q = c.quarantine > g_pool.slots ? g_pool.slots : c.quarantine;
  g_quarantine.store(q, std::memory_order_relaxed);
  g_left_aligned.store(c.left_aligned, std::memory_order_relaxed);
  g_addons_only.store(c.addons_only, std::memory_order_relaxed);
  {
    Locked s(&g_slot_mutex);
    trim_quarantine(q);
  }
  g_enabled.store(true, std::memory_order_release);
  return true;
}

void disable() { g_enabled.store(false, std::memory_order_release); }

Stats stats() {
  Stats s{};
  s.enabled = enabled();
  s.page_size = g_pool.page;
  Locked l(&g_config_mutex);
  s.config = g_created_with;
  s.config.sample_rate = g_sample_rate.load();
  s.config.quarantine = g_quarantine.load();
  s.config.left_aligned = g_left_aligned.load();
  s.config.addons_only = g_addons_only.load();
  Locked k(&g_slot_mutex);
  s.guarded = g_guarded;
  s.pool_exhausted = g_exhausted;
  s.in_use = g_in_use;
  s.quarantined = g_ring_count;
  return s;
}

void* maybe_allocate(size_t size, size_t align, uint8_t kind, const uintptr_t* frame) {
  if (!sampled()) return nullptr;
  return allocate_now(size, align, kind, frame);
}

void* allocate_now(size_t size, size_t align, uint8_t kind, const uintptr_t* frame) {
  if (!g_pool.table || size > g_created_with.max_size) return nullptr;
  if (align == 0) align = 1;
  if (align > g_pool.page || (align & (align - 1))) return nullptr;  // not ours to judge: pass through
  uintptr_t stack[kStackDepth];
  int depth = capture_stack(frame, stack, kStackDepth);  // before the lock
  uint32_t idx;
  {
    Locked l(&g_slot_mutex);
    if (g_free_count == 0) {
      ++g_exhausted;
      return nullptr;
    }
    idx = g_free_list[--g_free_count];
    g_pool.table[idx].state.store(kSlotReserved, std::memory_order_relaxed);
    ++g_in_use;
    ++g_guarded;
  }
  const uintptr_t base = slot_base(idx), data_end = base + data_bytes();
  // Right-aligned: the block ends exactly at the guard page when its size allows the alignment
  // (a malloc() block gets the natural alignment of its size: 24 bytes -> 8-aligned, 13 -> 1),
  // so a one-byte overflow faults. An explicit alignment may leave padding before the guard.
  uintptr_t start = g_left_aligned.load(std::memory_order_relaxed) ? base : ((data_end - size) & ~(align - 1));
  uintptr_t first = start & ~(g_pool.page - 1);
  uintptr_t last = (start + size + g_pool.page - 1) & ~(g_pool.page - 1);
  if (last > first && mprotect(reinterpret_cast<void*>(first), last - first, PROT_READ | PROT_WRITE) != 0) {
    Locked l(&g_slot_mutex);
    --g_in_use;
    --g_guarded;
    push_free(idx);
    return nullptr;
  }
  Slot& s = g_pool.table[idx];
  s.kind = kind;
  s.start = start;
  s.size = size;
  s.alloc_tid = current_tid();
  s.alloc_depth = static_cast<uint8_t>(depth);
  memcpy(s.alloc_stack, stack, sizeof(uintptr_t) * depth);
  s.free_depth = 0;
  s.free_tid = 0;
  s.state.store(kSlotInUse, std::memory_order_release);
  return reinterpret_cast<void*>(start);
}

size_t block_size(const void* p) {
  long idx = index_of(reinterpret_cast<uintptr_t>(p));
  if (idx < 0) return 0;
  const Slot& s = g_pool.table[idx];
  if (s.state.load(std::memory_order_acquire) != kSlotInUse || s.start != reinterpret_cast<uintptr_t>(p)) return 0;
  return s.size;
}

void release(void* ptr, const uintptr_t* frame) {
  const auto p = reinterpret_cast<uintptr_t>(ptr);
  long idx = index_of(p);
  Slot* s = idx >= 0 ? &g_pool.table[idx] : nullptr;
  uint8_t expected = kSlotInUse;
  // Claim the slot (a concurrent double free loses the race and is reported).
  if (!s || s->start != p || !s->state.compare_exchange_strong(expected, kSlotReserved, std::memory_order_acq_rel)) {
    bool twice = s && s->start == p && expected == kSlotQuarantined;
    report_bad_free(twice ? "double-free" : "invalid-free", p, idx, frame);
  }
  s->free_tid = current_tid();
  s->free_depth = static_cast<uint8_t>(capture_stack(frame, s->free_stack, kStackDepth));
  void* data = reinterpret_cast<void*>(slot_base(static_cast<uint32_t>(idx)));
  // One syscall: the pages keep their memory (no MADV_DONTNEED, which costs a page fault and a
  // zeroed page at the next use); calloc zeroes its block itself.
  mprotect(data, data_bytes(), PROT_NONE);
  s->state.store(kSlotQuarantined, std::memory_order_release);
  Locked l(&g_slot_mutex);
  --g_in_use;
  uint32_t limit = g_quarantine.load(std::memory_order_relaxed);
  g_ring[(g_ring_head + g_ring_count) % g_pool.slots] = static_cast<uint32_t>(idx);
  ++g_ring_count;
  trim_quarantine(limit);
}

long slot_for_address(uintptr_t addr) {
  if (!g_pool.table || addr < g_pool.lo || addr >= g_pool.lo + g_pool.span) return -1;
  if (addr < g_pool.lo + g_pool.page) return 0;  // leading guard page: underflow of slot 0
  uintptr_t off = addr - g_pool.lo - g_pool.page;
  long idx = static_cast<long>(off / g_pool.stride);
  if (off % g_pool.stride < data_bytes() || idx + 1 >= static_cast<long>(g_pool.slots)) return idx;
  // In the guard page between slot idx and idx+1: the block whose edge is nearer.
  const Slot& below = g_pool.table[idx];
  const Slot& above = g_pool.table[idx + 1];
  const uintptr_t none = ~static_cast<uintptr_t>(0);
  uintptr_t d_below = below.state.load(std::memory_order_relaxed) == kSlotFree ? none : addr - (below.start + below.size);
  uintptr_t d_above = above.state.load(std::memory_order_relaxed) == kSlotFree ? none : above.start - addr;
  return d_above < d_below ? idx + 1 : idx;
}

}  // namespace guard
}  // namespace leakproof
