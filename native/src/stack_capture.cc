// Stack capture. Cheap: frame-pointer walk with bounds checks (every frame must lie above
// the previous one and below the thread's stack top, so every read is inside the mapped
// stack). Full: DWARF unwinding via libgcc's _Unwind_Backtrace, depth-capped, memoized per
// thread by (frame-pointer stack, stack depth) because unwinding costs microseconds.
// Both run BEFORE the tracker lock is taken; only a cache miss takes it to insert in the trie.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <unwind.h>

#include <cstring>

#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define LP_HAVE_VALGRIND 1
#endif

#include "raw_alloc.h"
#include "thread_state.h"
#include "tracker_internal.h"

namespace leakproof {
namespace {

constexpr int kCheapCacheDepth = 16;

// Under valgrind, values read while walking through frames of code built without frame
// pointers are uninitialised stack slots (harmless: the walk is bounds-checked, the values
// are only compared and stored). Mark them defined so memcheck stays quiet. Set at warmup.
bool g_under_valgrind = false;

inline void launder(uintptr_t& v) {
#ifdef LP_HAVE_VALGRIND
  if (__builtin_expect(g_under_valgrind, 0)) {
    uintptr_t copy = v;  // address taken of the copy only: v stays in a register
    (void)VALGRIND_MAKE_MEM_DEFINED(&copy, sizeof(copy));
    v = copy;
  }
#else
  (void)v;
#endif
}

// Frame-pointer walk starting at the hook's own frame record (frame[1] is the return address
// into the code that called malloc/new). Our frames are never visited, so nothing needs to be
// stripped. Every frame read after the hook's must lie strictly above the previous one and
// inside [stack_lo, stack_hi) of this thread (bounds unknown: the caller's address only).
__attribute__((always_inline)) inline int walk_frame_pointers(const ThreadState* ts, const uintptr_t* frame,
                                                              uintptr_t* out, int max, FrameChain* trace) {
  uintptr_t ret = frame[1];
  uintptr_t next = frame[0];
  launder(next);
  out[0] = ret;
  int n = 1, reads = 1;
  trace->rec[0] = reinterpret_cast<uintptr_t>(frame);
  trace->words[0][0] = next;
  trace->words[0][1] = ret;
  const uintptr_t lo = ts->stack_lo, hi = ts->stack_hi;
  uintptr_t prev = reinterpret_cast<uintptr_t>(frame);
  while (n < max) {
    if (next <= prev || next < lo || next + 2 * sizeof(uintptr_t) > hi || (next & 7)) break;
    const auto* fp = reinterpret_cast<const uintptr_t*>(next);
    ret = fp[1];
    uintptr_t up = fp[0];
    launder(ret);
    launder(up);
    trace->rec[reads] = next;
    trace->words[reads][0] = up;
    trace->words[reads][1] = ret;
    ++reads;
    if (__builtin_expect(ret < 4096, 0)) break;
    out[n++] = ret;
    prev = next;
    next = up;
  }
  trace->n = reads;
  trace->pad();
  return n;
}

struct UnwindCtx {
  uintptr_t* out;
  int n, max;
  bool skipping;
};

_Unwind_Reason_Code unwind_cb(_Unwind_Context* ctx, void* arg) {
  auto* u = static_cast<UnwindCtx*>(arg);
  uintptr_t ip = _Unwind_GetIP(ctx);
  if (!ip) return _URC_END_OF_STACK;
  if (u->skipping && in_own_module(ip)) return _URC_NO_REASON;
  u->skipping = false;
  u->out[u->n++] = ip;
  return u->n >= u->max ? _URC_END_OF_STACK : _URC_NO_REASON;
}

int unwind_full(uintptr_t* out, int max) {
  UnwindCtx u{out, 0, max, true};
  _Unwind_Backtrace(unwind_cb, &u);
  return u.n;
}

inline uint64_t hash_ips(const uintptr_t* ips, int n, uint64_t seed) {
  uint64_t h = seed * 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < n; ++i) h = (h ^ ips[i]) * 0x100000001B3ULL;
  return h ^ (h >> 29);
}

inline bool same_key(const StackCacheEntry& c, uint32_t epoch, int n, uintptr_t sp_depth,
                     const uintptr_t* ips) {
  if (c.epoch != epoch || c.n != n || c.sp_depth != sp_depth) return false;
  for (int i = 0; i < n; ++i)
    if (c.ips[i] != ips[i]) return false;
  return true;
}

}  // namespace

bool g_stack_under_valgrind = false;

void init_thread_stack_bounds(ThreadState* ts) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* addr = nullptr;
  size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0 && addr && size) {
    ts->stack_lo = reinterpret_cast<uintptr_t>(addr);
    ts->stack_hi = ts->stack_lo + size;
  }
  pthread_attr_destroy(&attr);
}

uint32_t capture_stack_id_slow(ThreadState* ts, const uintptr_t* frame, const StackConfig& cfg) {
  uintptr_t fp_ips[kCheapCacheDepth];
  // Full mode memoizes the unwound stack by (8 frame-pointer frames, stack depth).
  int cheap_depth = cfg.mode == StackMode::Cheap ? cfg.max_depth : 8;
  if (cheap_depth > kCheapCacheDepth) cheap_depth = kCheapCacheDepth;
  int n = walk_frame_pointers(ts, frame, fp_ips, cheap_depth, &ts->chain);
  ts->chain.short_walk = cfg.mode == StackMode::Cheap && cheap_depth == 3 && n == 3 && ts->chain.n == 3;
  uintptr_t sp_depth = 0;
  if (cfg.mode == StackMode::Full) {
    auto sp = reinterpret_cast<uintptr_t>(frame);
    sp_depth = ts->stack_hi > sp ? ts->stack_hi - sp : 0;
  }
  // Fast path: same stack as this thread's previous allocation (tight loops).
  if (__builtin_expect(ts->last != nullptr, 1) && same_key(*ts->last, cfg.epoch, n, sp_depth, fp_ips))
    return ts->last->stack_id;
  uint64_t h = hash_ips(fp_ips, n, sp_depth + cfg.epoch);
  StackCacheEntry& c = ts->cache[h & (ThreadState::kCacheSize - 1)];
  if (c.hash == h && same_key(c, cfg.epoch, n, sp_depth, fp_ips)) {
    ts->last = &c;
    return c.stack_id;
  }

  uint32_t id;
  if (cfg.mode == StackMode::Full) {
    uintptr_t full[kMaxFullDepth];
    int m = unwind_full(full, cfg.max_depth);
    if (m == 0) {  // no unwind info at all: fall back to the frame-pointer stack
      memcpy(full, fp_ips, sizeof(uintptr_t) * n);
      m = n;
    }
    id = trie_insert_locked(full, m);
  } else {
    id = trie_insert_locked(fp_ips, n);
  }
  c.hash = h;
  c.epoch = cfg.epoch;
  c.n = static_cast<uint16_t>(n);
  c.sp_depth = sp_depth;
  memcpy(c.ips, fp_ips, sizeof(uintptr_t) * n);
  c.stack_id = id;
  ts->last = &c;
  return id;
}

ThreadState* create_thread_state() {
  if (t_tls.state) return t_tls.state;
  // Inside a hook: the guard is held, so these calls pass through.
  void* mem = g_orig.calloc(1, sizeof(ThreadState));
  if (!mem) return nullptr;
  auto* ts = new (mem) ThreadState();
  ts->tid = static_cast<int64_t>(syscall(SYS_gettid));
  init_thread_stack_bounds(ts);
  register_thread_state(ts);
  t_tls.state = ts;
  return ts;
}

void warmup_unwinder() {
#ifdef LP_HAVE_VALGRIND
  g_under_valgrind = RUNNING_ON_VALGRIND != 0;
  g_stack_under_valgrind = g_under_valgrind;
#endif
  uintptr_t tmp[8];
  unwind_full(tmp, 8);
}

}  // namespace leakproof
