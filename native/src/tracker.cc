// Tracker state. Recording is per thread and lock-free on the hot path: a thread's allocations go
// into its own pending table (pending_table.h) with its own counters and profile, and a free of a
// block still pending there cancels it on the spot. Batches are published into the shared live
// table when the pending table fills, when the thread exits, and whenever anybody reads (every
// reader claims all threads' gates and flushes them first, owner_gate.h), so reads are exact.
// One spin lock guards the shared live table, the stack trie, the shared counters and the flushed
// per-thread counters: it is taken for flushes, frees of blocks not pending in the freeing thread
// (published blocks, cross-thread frees, blocks from before the window), big blocks and custom
// resources. Hooks capture their stack before taking it and never call back into hooked code while
// holding it except the original libc allocator (lock order: tracker lock -> malloc arena locks,
// never the reverse); an owner never waits for the lock inside its gate.
#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "hot_path.h"
#include "live_table.h"
#include "stack_trie.h"
#include "thread_state.h"
#include "tracker_internal.h"

namespace leakproof {

std::atomic<bool> g_recording{false};
std::atomic<int> g_stack_mode{0};
std::atomic<int> g_stack_max_depth{kDefaultCheapDepth};
std::atomic<uint32_t> g_stack_epoch{1};
std::atomic<uint32_t> g_chain_epoch{1};

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
  int64_t current = 0, total = 0, allocations = 0, frees = 0;  // published (flushed) counts
  int64_t live_count = 0;  // heap blocks in the live table
  // Custom resources (leakproof_track): separate from the malloc/new byte counters.
  int64_t custom_current = 0, custom_peak = 0, custom_count = 0;
  int64_t peak() const;
  AllocProfile profile;  // every heap allocation recorded in the window (freed or not)
  char kinds[kMaxKinds][kKindLen];
  int nkinds = kFirstCustomKind;
};


State* g_state = nullptr;

pthread_key_t g_exit_key;
void on_thread_exit(void* arg);

__attribute__((noinline, cold)) State& init_state() {
  static State* s = [] {
    pthread_key_create(&g_exit_key, on_thread_exit);
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

// ---- peak ---------------------------------------------------------------------------------
// g_bound = shared current + sum over threads of pending_counters.max_current. Every thread's
// pending current is <= its max_current, so g_bound >= the true current at every instant, and
// g_peak = max(g_bound) never under-reports. With one recording thread it is exact; with several,
// it over-reports by at most the other threads' pending highs inside overlapping flush intervals
// (each < kFlushBytes: a thread flushes once its pending high passes it, and blocks of kFlushBytes
// or more go straight to the shared table).
std::atomic<int64_t> g_bound{0};
std::atomic<int64_t> g_peak{0};

inline void bound_add(int64_t delta) {
  int64_t v = g_bound.fetch_add(delta, std::memory_order_relaxed) + delta;
  if (delta <= 0) return;
  int64_t pk = g_peak.load(std::memory_order_relaxed);
  while (v > pk && !g_peak.compare_exchange_weak(pk, v, std::memory_order_relaxed)) {
  }
}

int64_t State::peak() const { return g_peak.load(std::memory_order_relaxed); }

// A thread's pending high-water mark becomes its pending bytes, raised or lowered, and the bound follows.
// Lowering is only for the owner under the lock or a flusher: the peak has already seen the old high.
void move_pending_high(PendingCounters& pc) {
  if (pc.current != pc.max_current) bound_add(pc.current - pc.max_current);
  pc.max_current = pc.current;
}

// ---- shared table (lock held) ------------------------------------------------------------

void account_remove(State& s, const LiveEntry& e) {
  if (e.domain != 0) {
    s.custom_current -= static_cast<int64_t>(e.size);
    s.custom_count -= 1;
    return;
  }
  s.current -= static_cast<int64_t>(e.size);
  bound_add(-static_cast<int64_t>(e.size));
  s.live_count -= 1;
  s.frees += 1;
  if (e.thread) {
    e.thread->current -= static_cast<int64_t>(e.size);
    e.thread->frees += 1;
  }
}

// Insert into the shared table; false when the table cannot grow (the entry is not stored).
bool insert_shared(State& s, const LiveEntry& e) {
  LiveEntry old{};
  LiveTable::InsertResult r = s.live.insert(e, &old);
  if (__builtin_expect(r == LiveTable::kNoMemory, 0)) return false;
  if (r == LiveTable::kReplaced) account_remove(s, old);  // stale duplicate
  return true;
}

// Publishes a thread's pending entries, counters and profile into the shared state. Lock held, and
// either the caller is the owner (outside its gate) or it holds the owner's claim.
void flush_locked(State& s, ThreadState* ts) {
  settle_counted(ts);  // a counted tombstone's block was freed
  PendingCounters& pc = ts->pending_counters;
  // The hot path counts allocations only in the profile's size classes, and frees only as entries
  // leaving the pending table: every allocation since the last flush made one new entry (or replaced
  // a stale one, which counts as that one's free), so this thread's frees are the allocations whose
  // entry is neither live nor taken by another thread.
  int64_t allocations = 0, total = 0;
  ts->profile.fold();
  for (int i = 0; i < kSizeClasses; ++i) {
    allocations += ts->profile.classes()[i].count;
    total += ts->profile.classes()[i].bytes;
  }
  int64_t live_entries = 0, dropped = 0;
  if (ts->pending.used() != 0) {
    ts->pending.for_each_live([&](uintptr_t p, const PendingSlot& slot) {
      ++live_entries;
      if (!insert_shared(s, LiveEntry{p, slot.size, ts, slot.stack_id(), slot.kind(), 0})) {
        pc.current -= static_cast<int64_t>(slot.size);  // out of memory: dropped, as if freed unseen
        ++dropped;
      }
    });
  }
  // Entries taken by other threads were counted freed by them (on_free_shared).
  const int64_t still_live = live_entries + static_cast<int64_t>(ts->pending.remote_taken());
  const int64_t frees = allocations - still_live + dropped;
  ts->pending.clear();
  s.current += pc.current;
  s.total += total;
  s.allocations += allocations;
  s.frees += frees;
  s.live_count += allocations - frees;
  ts->current += pc.current;
  ts->total_allocated += total;
  ts->allocations += allocations;
  ts->frees += frees;
  move_pending_high(pc);  // to the bytes just published: the bound keeps the shared current only
  pc = PendingCounters{};
  s.profile.merge_from(ts->profile);
  ts->profile.clear();
}

}  // namespace

__attribute__((noinline)) void flush_own(ThreadState* ts) {
  State& s = S();
  LockGuard l(s.lock);
  flush_locked(s, ts);
}

namespace {

// Lock held. Claims every thread's gate: afterwards no owner is inside its pending state.
void claim_all(State& s) {
  for (ThreadState* t = s.threads; t; t = t->next) gate_claim(t->gate);
  gate_barrier();
  for (ThreadState* t = s.threads; t; t = t->next) gate_wait_idle(t->gate);
}
// Lock held. The gates keep the fence mode and whether a window records (owner_gate.h flags).
void release_all(State& s) {
  const int flags = gate_flags(g_recording.load(std::memory_order_relaxed));
  for (ThreadState* t = s.threads; t; t = t->next) gate_release(t->gate, flags);
}

// Lock held: every thread's pending records into the shared state (reads are exact afterwards).
void flush_all_locked(State& s) {
  claim_all(s);
  for (ThreadState* t = s.threads; t; t = t->next) flush_locked(s, t);
  release_all(s);
}

// Locked path: custom resources, and heap blocks of kFlushBytes or more.
void record_locked(ThreadState* ts, const void* ptr, size_t size, uint16_t kind, uint8_t domain,
                   const char* kind_name, uint32_t stack, uint32_t chain_epoch) {
  State& s = S();
  LockGuard l(s.lock);
  // Stopped, or a window started after the caller's checks (tracker_start holds this lock).
  if (__builtin_expect(!g_recording.load(std::memory_order_relaxed), 0) ||
      __builtin_expect(chain_epoch != g_chain_epoch.load(std::memory_order_relaxed), 0))
    return;
  if (kind_name) kind = intern_kind(kind_name);
  if (!insert_shared(s, LiveEntry{reinterpret_cast<uintptr_t>(ptr), size, ts, stack, kind, domain})) return;
  if (domain != 0) {  // custom resources: own counters, not the malloc/new byte counters
    s.custom_current += static_cast<int64_t>(size);
    s.custom_count += 1;
    if (s.custom_current > s.custom_peak) s.custom_peak = s.custom_current;
    return;
  }
  s.profile.add(stack, kind, size);
  // This thread's pending high (part of the bound) may be far above its pending bytes now (a burst
  // allocated and freed since its last flush): lower it to them first, as a flush would, so the new big
  // block is not added on top of blocks already freed. The peak has already seen that high. The lock
  // keeps every claimer out, and ts is the caller's own state, outside its gate.
  if (ts == t_tls.state) {
    settle_counted(ts);
    move_pending_high(ts->pending_counters);
  }
  s.live_count += 1;
  s.current += static_cast<int64_t>(size);
  bound_add(static_cast<int64_t>(size));
  s.total += static_cast<int64_t>(size);
  s.allocations += 1;
  ts->current += static_cast<int64_t>(size);
  ts->total_allocated += static_cast<int64_t>(size);
  ts->allocations += 1;
}

// Non-null: the window records only allocations made by this thread (shared-process test pools, where
// other workers' threads allocate in the same heap).
std::atomic<ThreadState*> g_only_thread{nullptr};

// Thread exit: publish what the thread still has pending (readers would flush it anyway).
void on_thread_exit(void* arg) {
  auto* ts = static_cast<ThreadState*>(arg);
  ++t_tls.depth;
  flush_own(ts);
  --t_tls.depth;
}

}  // namespace


uint32_t trie_insert_locked(const uintptr_t* ips, int n) {
  State& s = S();
  LockGuard l(s.lock);
  return s.trie.insert(ips, n);
}

void register_thread_state(ThreadState* ts) {
  State& s = S();
  {
    LockGuard l(s.lock);
    ts->gate.claimed.store(gate_flags(g_recording.load(std::memory_order_relaxed)), std::memory_order_relaxed);
    ts->next = s.threads;
    s.threads = ts;
  }
  pthread_setspecific(g_exit_key, ts);  // may allocate: we are inside a hook (guard held) or install
}

namespace {

// A pending entry for the same pointer: the block was freed where no hook saw it (stale). Its
// free is counted by flush_locked (the new allocation reuses the entry).
__attribute__((noinline, cold)) void replace_stale(PendingCounters& pc, PendingSlot* stale, size_t size,
                                                   uint32_t stack, uint16_t kind) {
  pc.current -= static_cast<int64_t>(stale->size);
  stale->size = size;
  stale->site = site_key(stack, kind);
}

}  // namespace

__attribute__((noinline)) bool raise_pending_high(PendingCounters& pc) {
  move_pending_high(pc);
  return pc.max_current >= kFlushBytes;
}

__attribute__((noinline)) void new_pending_high(ThreadState* ts) {
  bool flush = raise_pending_high(ts->pending_counters);
  gate_exit(ts->gate);
  if (flush) flush_own(ts);
}

namespace {

// Owner, inside its gate, recording on: the pending record of one heap allocation. False when the
// pending table is full (nothing recorded; the caller flushes and retries).
bool record_pending(ThreadState* ts, uintptr_t p, size_t size, uint16_t kind, uint32_t stack, bool* flush) {
  settle_counted(ts);  // before insert() may move or reuse the hot slot
  PendingCounters& pc = ts->pending_counters;
  PendingSlot* stale;
  if (__builtin_expect(!ts->pending.insert(p, size, stack, kind, &stale), 0)) return false;
  if (__builtin_expect(stale != nullptr, 0)) replace_stale(pc, stale, size, stack, kind);
  pc.current += static_cast<int64_t>(size);
  if (__builtin_expect(pc.current > pc.max_current, 0)) raise_pending_high(pc);
  ts->profile.add(stack, kind, size);  // also the window's allocation count and bytes (flush_locked)
  *flush = ts->pending.needs_flush() || pc.max_current >= kFlushBytes;
  return true;
}

}  // namespace

__attribute__((noinline)) void record_alloc_probed(ThreadState* ts, uintptr_t p, size_t size, uint16_t kind,
                                                   uint32_t stack, uint32_t chain_epoch) {
  bool flush = false;
  // Inside the gate: stopped, or a window started after this allocation's checks: not recorded.
  auto window_gone = [chain_epoch] {
    return !g_recording.load(std::memory_order_relaxed) || chain_epoch != g_chain_epoch.load(std::memory_order_relaxed);
  };
  gate_enter(ts->gate);
  bool recorded = window_gone() || record_pending(ts, p, size, kind, stack, &flush);
  gate_exit(ts->gate);
  if (!recorded) {  // the pending table was full: publish it, then record into the empty table
    flush_own(ts);
    gate_enter(ts->gate);
    recorded = !window_gone() && record_pending(ts, p, size, kind, stack, &flush);
    gate_exit(ts->gate);
    (void)recorded;  // an empty table always has room
  }
  if (flush) flush_own(ts);
}

// Slow free path: the block is not pending in the freeing thread's table.
__attribute__((noinline)) bool on_free_shared(uintptr_t p, ThreadState* ts, size_t* old_size) {
  State& s = S();
  LockGuard l(s.lock);
  // Stopped meanwhile? A free that passed the hook's recording check before stop() (often held at its
  // gate while stop() claimed it) lands here after stop() returned: a stopped window is frozen, so it
  // is not recorded (the block was live when the window stopped). Read under the lock, which stop()
  // holds when it clears g_recording.
  if (__builtin_expect(!g_recording.load(std::memory_order_relaxed), 0)) return false;
  LiveEntry e;
  if (s.live.remove(p, 0, &e)) {
    account_remove(s, e);
    if (old_size) *old_size = e.size;
    return true;
  }
  // Allocated on another thread and still pending there (cross-thread free)?
  for (ThreadState* t = s.threads; t; t = t->next) {
    PendingSlot slot;
    if (t == ts || t->pending.used() == 0 || !t->pending.take_remote(p, &slot)) continue;
    // The owner's pending counters still count the block; the shared ones absorb the free.
    account_remove(s, LiveEntry{p, slot.size, t, slot.stack_id(), slot.kind(), 0});
    if (old_size) *old_size = slot.size;
    return true;
  }
  return false;
}

// The out-of-line allocation path (hot_path.h has the inlined one): thread state creation, a stack
// that differs from the thread's previous allocation, big blocks, only-thread windows.
__attribute__((noinline)) void on_alloc(void* ptr, size_t size, uint16_t kind, const uintptr_t* frame) {
  ThreadState* ts = current_thread_state();
  if (__builtin_expect(!ts, 0)) return;
  const uint32_t chain_epoch = g_chain_epoch.load(std::memory_order_acquire);  // first: see capture_stack_id
  ThreadState* only = g_only_thread.load(std::memory_order_relaxed);
  if (__builtin_expect(only != nullptr, 0) && only != ts) return;
  uint32_t stack = capture_stack_id(ts, frame, chain_epoch);  // outside the gate: may take the lock (trie)
  // Big blocks, and blocks whose address uses the pending table's tag bits (guard-page mode places a
  // block's end against its guard page, at any alignment): the shared table, which keeps whole addresses.
  if (__builtin_expect(size >= static_cast<size_t>(kFlushBytes), 0) ||
      __builtin_expect(!PendingTable::holds(reinterpret_cast<uintptr_t>(ptr)), 0)) {
    record_locked(ts, ptr, size, kind, 0, nullptr, stack, chain_epoch);
    return;
  }
  record_alloc_pending(ts, reinterpret_cast<uintptr_t>(ptr), size, kind, stack, chain_epoch);
}

bool on_free(void* ptr, size_t* old_size) { return on_free_inline(ptr, old_size); }

void on_custom_track(const void* ptr, size_t size, const char* kind, const uintptr_t* frame) {
  ThreadState* ts = current_thread_state();
  if (__builtin_expect(!ts, 0)) return;
  const uint32_t chain_epoch = g_chain_epoch.load(std::memory_order_acquire);
  ThreadState* only = g_only_thread.load(std::memory_order_relaxed);
  if (only != nullptr && only != ts) return;
  uint32_t stack = capture_stack_id(ts, frame, chain_epoch);
  record_locked(ts, ptr, size, 0, 1, kind ? kind : "custom", stack, chain_epoch);
}

void on_custom_untrack(const void* ptr) {
  State& s = S();
  LockGuard l(s.lock);
  if (!g_recording.load(std::memory_order_relaxed)) return;  // stopped: frozen (on_free_shared)
  LiveEntry e;
  if (s.live.remove(reinterpret_cast<uintptr_t>(ptr), 1, &e)) account_remove(s, e);
}

// ---- fork safety ------------------------------------------------------------------------
// prepare: take the lock and claim every thread's gate (no other thread is inside a table update
// when the address space is copied) and make this thread's hooks pass through (other prepare
// handlers may malloc).
namespace {
void atfork_prepare() {
  ++t_tls.depth;
  patch_lock_for_fork();
  S().lock.lock();
  claim_all(S());
}
void atfork_parent() {
  release_all(S());
  S().lock.unlock();
  patch_unlock_after_fork();
  --t_tls.depth;
}
void atfork_child() {
  gate_after_fork_child();
  atfork_parent();
}
}  // namespace

void install_atfork() {
  static bool done = false;
  if (done) return;
  done = true;
  S();
  pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

// ---- control (called from the addon on the JS thread, guard held) ----------------------

void tracker_start(StackMode mode, int max_depth, bool current_thread_only) {
  ThreadState* caller = current_thread_only ? current_thread_state() : nullptr;
  State& s = S();
  LockGuard l(s.lock);
  g_recording.store(false, std::memory_order_relaxed);
  claim_all(s);  // the previous window's pending records are dropped, not published
  for (ThreadState* t = s.threads; t; t = t->next) {
    t->pending.clear();
    t->pending_counters = PendingCounters{};
    t->profile.clear();
    t->current = t->total_allocated = t->allocations = t->frees = 0;
  }
  g_only_thread.store(caller, std::memory_order_relaxed);
  s.live.clear();
  s.profile.clear();
  s.current = s.total = s.allocations = s.frees = s.live_count = 0;
  g_bound.store(0, std::memory_order_relaxed);
  g_peak.store(0, std::memory_order_relaxed);
  s.custom_current = s.custom_peak = s.custom_count = 0;
  int cap = mode == StackMode::Full ? kMaxFullDepth : kMaxCheapDepth;
  if (max_depth <= 0) max_depth = mode == StackMode::Full ? 64 : kDefaultCheapDepth;
  if (max_depth > cap) max_depth = cap;
  if (g_stack_mode.load() != static_cast<int>(mode) || g_stack_max_depth.load() != max_depth) {
    g_stack_mode.store(static_cast<int>(mode));
    g_stack_max_depth.store(max_depth);
    g_stack_epoch.fetch_add(1);
  }
  // Every thread's frame chain is re-checked against the new configuration and only-thread (after
  // both are stored: capture_stack_id reads the epoch first).
  uint32_t chain_epoch = g_chain_epoch.load(std::memory_order_relaxed) + 1;
  g_chain_epoch.store(chain_epoch != 0 ? chain_epoch : 1, std::memory_order_release);
  g_recording.store(true, std::memory_order_release);
  release_all(s);
}

void tracker_stop() {
  State& s = S();
  LockGuard l(s.lock);
  g_recording.store(false, std::memory_order_release);
  // Every gate is left with kGateStopped: an owner's fast path no longer enters, and the general path
  // re-checks g_recording inside the gate (the locked paths under the lock): nothing is added after this.
  flush_all_locked(s);
}

Counters tracker_counters() {
  State& s = S();
  LockGuard l(s.lock);
  flush_all_locked(s);
  return Counters{s.current,    s.peak(),         s.total,       s.allocations, s.frees,
                  s.live_count, s.custom_current, s.custom_peak, s.custom_count};
}

void tracker_reset_peak() {
  State& s = S();
  LockGuard l(s.lock);
  flush_all_locked(s);  // every pending high-water mark is 0 now: the bound is the exact current
  g_peak.store(g_bound.load(std::memory_order_relaxed), std::memory_order_relaxed);
  s.custom_peak = s.custom_current;
}

std::vector<ThreadReport> tracker_threads() {
  std::vector<ThreadReport> out;
  out.reserve(64);
  State& s = S();
  int64_t pid = getpid();
  LockGuard l(s.lock);
  flush_all_locked(s);
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
    flush_all_locked(s);
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
    flush_all_locked(s);
    s.profile.fold();  // record_locked adds to it
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
  gate_init();
  warmup_unwinder();
  ThreadState* ts = current_thread_state();
  (void)ts;
}

}  // namespace leakproof
