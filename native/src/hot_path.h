// The recording fast path of the allocation hooks, inlined into each hook (hooks.cc): a heap
// allocation from a thread whose previous allocation had the same frames (chain_unchanged), and a
// free of a block still pending in the freeing thread's own table. Everything else (first
// allocation of a thread, a new stack, big blocks, only-thread windows, full pending tables,
// published or cross-thread blocks) goes to the out-of-line paths in tracker.cc, which do the same
// bookkeeping. Called with the recursion guard held and recording on.
#pragma once
#include "thread_state.h"

namespace leakproof {

// Blocks of this size or more, and pending highs past it, go to the shared table (tracker.cc).
constexpr int64_t kFlushBytes = 256 * 1024;

// tracker.cc, out of line.
void flush_own(ThreadState* ts);
// Raises the thread's pending high-water mark to its current bytes; true when it passed kFlushBytes.
bool raise_pending_high(PendingCounters& pc);
// Owner inside its gate, after recording an allocation that raised its pending bytes past their
// high-water mark: raises it, leaves the gate, and flushes when the mark passed kFlushBytes.
void new_pending_high(ThreadState* ts);
// The general pending record (probing insert, stale entries, full table), gate included.
void record_alloc_probed(ThreadState* ts, uintptr_t p, size_t size, uint16_t kind, uint32_t stack);
bool on_free_shared(uintptr_t p, ThreadState* ts, size_t* old_size);

// Owner: records a heap allocation of `size` < kFlushBytes with a known stack id. Inline: the block
// the thread freed last comes back (allocators hand it out first) and goes into its old slot.
__attribute__((always_inline)) inline void record_alloc_pending(ThreadState* ts, uintptr_t p, size_t size,
                                                                uint16_t kind, uint32_t stack) {
  gate_enter(ts->gate);
  // Stopped meanwhile? stop() flushed every thread: nothing may be added after it.
  if (__builtin_expect(g_recording.load(std::memory_order_relaxed), 1) &&
      __builtin_expect(ts->pending.insert_reused(p, size, stack, kind), 1)) {
    PendingCounters& pc = ts->pending_counters;
    pc.current += static_cast<int64_t>(size);
    ts->profile.add(stack, kind, size);  // also the window's allocation count and bytes (flush_locked)
    // The slot count did not change: only a new pending high can ask for a flush.
    if (__builtin_expect(pc.current > pc.max_current, 0)) return new_pending_high(ts);
    gate_exit(ts->gate);
    return;
  }
  gate_exit(ts->gate);
  record_alloc_probed(ts, p, size, kind, stack);
}

__attribute__((always_inline)) inline void on_alloc_inline(void* ptr, size_t size, uint16_t kind,
                                                           const uintptr_t* frame) {
  ThreadState* ts = t_tls.state;
  if (__builtin_expect(ts == nullptr || size >= static_cast<size_t>(kFlushBytes), 0)) return on_alloc(ptr, size, kind, frame);
  const FrameChain& chain = ts->chain;
  if (__builtin_expect(chain.epoch != g_chain_epoch.load(std::memory_order_relaxed), 0) ||
      __builtin_expect(!chain_unchanged(chain, frame), 0))
    return on_alloc(ptr, size, kind, frame);
  record_alloc_pending(ts, reinterpret_cast<uintptr_t>(ptr), size, kind, chain.stack_id);
}

// Returns true if ptr was a recorded heap allocation (and removes it); *old_size gets its size.
__attribute__((always_inline)) inline bool on_free_inline(void* ptr, size_t* old_size) {
  const auto p = reinterpret_cast<uintptr_t>(ptr);
  ThreadState* ts = t_tls.state;
  if (__builtin_expect(ts != nullptr, 1)) {  // the block is still pending in this thread's own table?
    gate_enter(ts->gate);
    uint64_t size;
    bool hit = ts->pending.remove_own(p, &size);
    if (hit) ts->pending_counters.current -= static_cast<int64_t>(size);
    gate_exit(ts->gate);
    if (hit) {
      if (old_size) *old_size = size;
      return true;
    }
  }
  return on_free_shared(p, ts, old_size);
}

}  // namespace leakproof
