// Tracker state: one spin lock guards the live table, the stack trie, the window counters and
// the per-thread counters. Hooks capture their stack before taking it and never call back
// into hooked code while holding it except the original libc allocator (lock order:
// tracker lock -> malloc arena locks, never the reverse).
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "live_table.h"
#include "stack_trie.h"
#include "thread_state.h"
#include "tracker_internal.h"

namespace leakproof {

std::atomic<bool> g_recording{false};
std::atomic<int> g_stack_mode{0};
std::atomic<int> g_stack_max_depth{8};
std::atomic<uint32_t> g_stack_epoch{1};

namespace {

class SpinLock {
 public:
  void lock() {
    for (int spins = 0;; ) {
      if (!flag_.exchange(true, std::memory_order_acquire)) return;
      while (flag_.load(std::memory_order_relaxed)) {
        if (++spins < 100) {
#if defined(__x86_64__)
          __builtin_ia32_pause();
#elif defined(__aarch64__)
          asm volatile("yield");
#endif
        } else {
          sched_yield();
        }
      }
    }
  }
  void unlock() { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

struct LockGuard {
  explicit LockGuard(SpinLock& l) : l_(l) { l_.lock(); }
  ~LockGuard() { l_.unlock(); }
  SpinLock& l_;
};

constexpr int kMaxKinds = 256;
constexpr int kKindLen = 64;

struct State {
  SpinLock lock;
  LiveTable live;
  StackTrie trie;
  ThreadState* threads = nullptr;
  int64_t current = 0, peak = 0, total = 0, allocations = 0, frees = 0;
  int64_t live_count = 0;  // heap blocks in the live table
  // Custom resources (leakproof_track): separate from the malloc/new byte counters.
  int64_t custom_current = 0, custom_peak = 0, custom_count = 0;
  // Non-null: the window records only allocations made by this thread (shared-process test pools, where
  // other workers' threads allocate in the same heap).
  ThreadState* only_thread = nullptr;
  AllocProfile profile;  // every heap allocation recorded in the window (freed or not)
  char kinds[kMaxKinds][kKindLen];
  int nkinds = kFirstCustomKind;
};


State* g_state = nullptr;

__attribute__((noinline, cold)) State& init_state() {
  static State* s = [] {
    void* mem = g_orig.calloc(1, sizeof(State));
    auto* st = new (mem) State();
    strcpy(st->kinds[kKindMalloc], "malloc");
    strcpy(st->kinds[kKindNew], "new");
    return st;
  }();
  __atomic_store_n(&g_state, s, __ATOMIC_RELEASE);
  return *s;
}

// Created by install() (install_atfork/tracker_warmup) before any hook is patched in.
inline State& S() {
  State* s = __atomic_load_n(&g_state, __ATOMIC_ACQUIRE);  // a plain load on x86-64/arm64 (ldar)
  return __builtin_expect(s != nullptr, 1) ? *s : init_state();
}

// Caller holds the lock.
uint16_t intern_kind(const char* kind) {
  State& s = S();
  if (!kind || !*kind) kind = "custom";
  for (int i = 0; i < s.nkinds; ++i)
    if (strncmp(s.kinds[i], kind, kKindLen - 1) == 0) return static_cast<uint16_t>(i);
  if (s.nkinds >= kMaxKinds) return kMaxKinds - 1;  // last slot doubles as "other"
  int id = s.nkinds++;
  strncpy(s.kinds[id], id == kMaxKinds - 1 ? "other" : kind, kKindLen - 1);
  s.kinds[id][kKindLen - 1] = 0;
  return static_cast<uint16_t>(id);
}

void account_remove(State& s, const LiveEntry& e) {
  if (e.domain != 0) {
    s.custom_current -= static_cast<int64_t>(e.size);
    s.custom_count -= 1;
    return;
  }
  s.current -= static_cast<int64_t>(e.size);
  s.live_count -= 1;
  s.frees += 1;
  if (e.thread) {
    e.thread->current -= static_cast<int64_t>(e.size);
    e.thread->frees += 1;
  }
}

void record(const void* ptr, size_t size, uint16_t kind, uint8_t domain, const char* kind_name,
            const uintptr_t* frame) {
  ThreadState* ts = current_thread_state();
  if (__builtin_expect(!ts, 0)) return;
  uint32_t stack = capture_stack_id(ts, frame);  // before the lock
  State& s = S();
  LockGuard l(s.lock);
  if (__builtin_expect(!g_recording.load(std::memory_order_relaxed), 0)) return;
  if (s.only_thread != nullptr && s.only_thread != ts) return;
  if (kind_name) kind = intern_kind(kind_name);
  LiveEntry e{reinterpret_cast<uintptr_t>(ptr), size, ts, stack, kind, domain};
  LiveEntry old{};
  LiveTable::InsertResult r = s.live.insert(e, &old);
  if (__builtin_expect(r == LiveTable::kNoMemory, 0)) return;  // not recorded: not counted
  if (r == LiveTable::kReplaced) account_remove(s, old);       // stale duplicate
  if (domain != 0) {  // custom resources: own counters, not the malloc/new byte counters
    s.custom_current += static_cast<int64_t>(size);
    s.custom_count += 1;
    if (s.custom_current > s.custom_peak) s.custom_peak = s.custom_current;
    return;
  }
  s.profile.add(stack, kind, size);
  s.live_count += 1;
  s.current += static_cast<int64_t>(size);
  if (s.current > s.peak) s.peak = s.current;
  s.total += static_cast<int64_t>(size);
  s.allocations += 1;
  ts->current += static_cast<int64_t>(size);
  ts->total_allocated += static_cast<int64_t>(size);
  ts->allocations += 1;
}

}  // namespace


uint32_t trie_insert_locked(const uintptr_t* ips, int n) {
  State& s = S();
  LockGuard l(s.lock);
  return s.trie.insert(ips, n);
}

void register_thread_state(ThreadState* ts) {
  State& s = S();
  LockGuard l(s.lock);
  ts->next = s.threads;
  s.threads = ts;
}

void on_alloc(void* ptr, size_t size, uint16_t kind, const uintptr_t* frame) {
  record(ptr, size, kind, 0, nullptr, frame);
}

bool on_free(void* ptr, size_t* old_size) {
  State& s = S();
  LockGuard l(s.lock);
  LiveEntry e;
  if (__builtin_expect(!s.live.remove(reinterpret_cast<uintptr_t>(ptr), 0, &e), 0)) return false;
  account_remove(s, e);
  if (old_size) *old_size = e.size;
  return true;
}

void on_custom_track(const void* ptr, size_t size, const char* kind, const uintptr_t* frame) {
  record(ptr, size, 0, 1, kind ? kind : "custom", frame);
}

void on_custom_untrack(const void* ptr) {
  State& s = S();
  LockGuard l(s.lock);
  LiveEntry e;
  if (s.live.remove(reinterpret_cast<uintptr_t>(ptr), 1, &e)) account_remove(s, e);
}

// ---- fork safety ------------------------------------------------------------------------
// prepare: take the lock (no other thread is inside a table update when the address space
// is copied) and make this thread's hooks pass through (other prepare handlers may malloc).
namespace {
void atfork_prepare() {
  ++t_tls.depth;
  patch_lock_for_fork();
  S().lock.lock();
}
void atfork_release() {
  S().lock.unlock();
  patch_unlock_after_fork();
  --t_tls.depth;
}
}  // namespace

void install_atfork() {
  static bool done = false;
  if (done) return;
  done = true;
  S();
  pthread_atfork(atfork_prepare, atfork_release, atfork_release);
}

// ---- control (called from the addon on the JS thread, guard held) ----------------------

void tracker_start(StackMode mode, int max_depth, bool current_thread_only) {
  ThreadState* caller = current_thread_only ? current_thread_state() : nullptr;
  State& s = S();
  LockGuard l(s.lock);
  g_recording.store(false, std::memory_order_relaxed);
  s.only_thread = caller;
  s.live.clear();
  s.profile.clear();
  s.current = s.peak = s.total = s.allocations = s.frees = s.live_count = 0;
  s.custom_current = s.custom_peak = s.custom_count = 0;
  for (ThreadState* t = s.threads; t; t = t->next)
    t->current = t->total_allocated = t->allocations = t->frees = 0;
  int cap = mode == StackMode::Full ? kMaxFullDepth : kMaxCheapDepth;
  if (max_depth <= 0) max_depth = mode == StackMode::Full ? 64 : 8;
  if (max_depth > cap) max_depth = cap;
  if (g_stack_mode.load() != static_cast<int>(mode) || g_stack_max_depth.load() != max_depth) {
    g_stack_mode.store(static_cast<int>(mode));
    g_stack_max_depth.store(max_depth);
    g_stack_epoch.fetch_add(1);
  }
  g_recording.store(true, std::memory_order_release);
}

void tracker_stop() {
  State& s = S();
  LockGuard l(s.lock);
  g_recording.store(false, std::memory_order_release);
}

Counters tracker_counters() {
  State& s = S();
  LockGuard l(s.lock);
  return Counters{s.current,        s.peak,           s.total,         s.allocations, s.frees,
                  s.live_count,     s.custom_current, s.custom_peak,   s.custom_count};
}

void tracker_reset_peak() {
  State& s = S();
  LockGuard l(s.lock);
  s.peak = s.current;
  s.custom_peak = s.custom_current;
}

std::vector<ThreadReport> tracker_threads() {
  std::vector<ThreadReport> out;
  out.reserve(64);
  State& s = S();
  int64_t pid = getpid();
  LockGuard l(s.lock);
  for (ThreadState* t = s.threads; t; t = t->next) {
    if (!t->allocations && !t->frees) continue;
    if (out.size() == out.capacity()) break;  // no reallocation under the lock
    out.push_back(ThreadReport{t->tid, t->current, t->total_allocated, t->allocations, t->frees,
                               t->tid == pid});
  }
  return out;
}

std::vector<LiveGroup> tracker_live_by_stack() {
  State& s = S();
  std::unordered_map<uint64_t, LiveGroup> groups;
  {
    LockGuard l(s.lock);
    groups.reserve(s.live.size() / 4 + 16);
    s.live.for_each([&](const LiveEntry& e) {
      uint64_t key = (static_cast<uint64_t>(e.stack_id) << 16) | e.kind;
      auto it = groups.find(key);
      if (it == groups.end()) it = groups.emplace(key, LiveGroup{e.stack_id, e.kind, 0, 0}).first;
      it->second.count += 1;
      it->second.bytes += static_cast<int64_t>(e.size);
    });
  }
  std::vector<LiveGroup> out;
  out.reserve(groups.size());
  for (auto& kv : groups) out.push_back(kv.second);
  return out;
}

AllocationProfileReport tracker_allocation_profile(size_t limit) {
  AllocationProfileReport out{};
  State& s = S();
  {
    LockGuard l(s.lock);
    memcpy(out.classes, s.profile.classes(), sizeof(out.classes));
    out.top_stacks.reserve(s.profile.stack_count());
    s.profile.for_each_stack([&](const StackCount& c) {
      out.top_stacks.push_back(LiveGroup{c.stack_id, c.kind, c.count, c.bytes});
    });
  }
  auto by_count = [](const LiveGroup& a, const LiveGroup& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.bytes != b.bytes) return a.bytes > b.bytes;
    return a.stack_id < b.stack_id;
  };
  if (limit < out.top_stacks.size()) {
    std::partial_sort(out.top_stacks.begin(), out.top_stacks.begin() + static_cast<ptrdiff_t>(limit),
                      out.top_stacks.end(), by_count);
    out.top_stacks.resize(limit);
  } else {
    std::sort(out.top_stacks.begin(), out.top_stacks.end(), by_count);
  }
  return out;
}

std::string tracker_kind_name(uint16_t kind) {
  State& s = S();
  LockGuard l(s.lock);
  if (kind >= s.nkinds) return "unknown";
  return std::string(s.kinds[kind]);
}

std::vector<uintptr_t> tracker_stack_frames(uint32_t stack_id) {
  std::vector<uintptr_t> out;
  out.reserve(kMaxFullDepth);
  State& s = S();
  LockGuard l(s.lock);
  s.trie.frames(stack_id, out);
  return out;
}

void tracker_warmup() {
  S();
  warmup_unwinder();
  ThreadState* ts = current_thread_state();
  (void)ts;
}

}  // namespace leakproof
