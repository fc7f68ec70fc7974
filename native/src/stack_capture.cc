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

#include "raw_alloc.h"
#include "thread_state.h"
#include "tracker_internal.h"

namespace leakproof {
namespace {

constexpr int kCheapCacheDepth = 16;

__attribute__((noinline)) int walk_frame_pointers(const ThreadState* ts, uintptr_t* out, int max) {
  int n = 0;
  if (!ts->stack_hi) {
    out[0] = reinterpret_cast<uintptr_t>(__builtin_return_address(0));
    return in_own_module(out[0]) ? 0 : 1;
  }
  auto* fp = static_cast<uintptr_t*>(__builtin_frame_address(0));
  bool skipping = true;
  int guard = 0;
  while (n < max && ++guard < 1024) {
    auto addr = reinterpret_cast<uintptr_t>(fp);
    if (addr < ts->stack_lo || addr + 2 * sizeof(uintptr_t) > ts->stack_hi || (addr & 7)) break;
    uintptr_t ret = fp[1];
    auto* next = reinterpret_cast<uintptr_t*>(fp[0]);
    if (ret < 4096) break;
    if (skipping && in_own_module(ret)) {
      // our hook frames
    } else {
      skipping = false;
      out[n++] = ret;
    }
    if (next <= fp) break;
    fp = next;
  }
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

uint64_t hash_ips(const uintptr_t* ips, int n, uint64_t seed) {
  uint64_t h = seed;
  for (int i = 0; i < n; ++i) h = mix64(h ^ ips[i]);
  return h;
}

}  // namespace

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

uint32_t capture_stack_id(ThreadState* ts) {
  const StackConfig cfg = current_stack_config();
  uintptr_t fp_ips[kCheapCacheDepth];
  int cheap_depth = cfg.mode == StackMode::Cheap ? cfg.max_depth : kCheapCacheDepth;
  if (cheap_depth > kCheapCacheDepth) cheap_depth = kCheapCacheDepth;
  int n = walk_frame_pointers(ts, fp_ips, cheap_depth);
  uintptr_t sp_depth = 0;
  if (cfg.mode == StackMode::Full) {
    auto sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
    sp_depth = ts->stack_hi > sp ? ts->stack_hi - sp : 0;
  }
  uint64_t h = hash_ips(fp_ips, n, sp_depth + cfg.epoch);
  StackCacheEntry& c = ts->cache[h & (ThreadState::kCacheSize - 1)];
  if (c.hash == h && c.epoch == cfg.epoch && c.n == n && c.sp_depth == sp_depth &&
      memcmp(c.ips, fp_ips, sizeof(uintptr_t) * n) == 0)
    return c.stack_id;

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
  return id;
}

ThreadState* current_thread_state() {
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
  uintptr_t tmp[8];
  unwind_full(tmp, 8);
}

}  // namespace leakproof
