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
// chain_epoch: g_chain_epoch as read (acquire) before the thread checked that it may record; compared
// again inside the gate, where a window started meanwhile is visible (its claim did not wait for a thread
// that was outside its gate): an allocation from before that start() is not recorded into the new window.
void record_alloc_probed(ThreadState* ts, uintptr_t p, size_t size, uint16_t kind, uint32_t stack,
                         uint32_t chain_epoch);
bool on_free_shared(uintptr_t p, ThreadState* ts, size_t* old_size);

// Owner: records a heap allocation of `size` < kFlushBytes with a known stack id. Inline: the block
// the thread freed last comes back (allocators hand it out first) and goes into its old slot.
__attribute__((always_inline)) inline void record_alloc_pending(ThreadState* ts, uintptr_t p, size_t size,
                                                                uint16_t kind, uint32_t stack, uint32_t chain_epoch) {
  // Entered with no flag: recording (stop() flushed every thread and left kGateStopped: nothing may be
  // added after it), membarrier mode, not claimed. Otherwise the general path sorts it out.
  if (__builtin_expect(gate_try_enter_recording(ts->gate), 1)) {
    if (__builtin_expect(chain_epoch == g_chain_epoch.load(std::memory_order_relaxed), 1)) {
      const uint64_t site = site_key(stack, kind);
      // Back into the slot its free left counted (same size): the pending bytes stay as they are.
      if (__builtin_expect(ts->pending.reuse_counted(p, size, site), 1)) {
        ts->profile.add(stack, kind, size);  // also the window's allocation count and bytes (flush_locked)
        gate_exit(ts->gate);
        return;
      }
      settle_counted(ts);
      if (__builtin_expect(ts->pending.insert_reused(p, size, site), 1)) {
        PendingCounters& pc = ts->pending_counters;
        pc.current += static_cast<int64_t>(size);
        ts->profile.add(stack, kind, size);
        // The slot count did not change: only a new pending high can ask for a flush.
        if (__builtin_expect(pc.current > pc.max_current, 0)) return new_pending_high(ts);
        gate_exit(ts->gate);
        return;
      }
    }
    gate_exit(ts->gate);
  }
  record_alloc_probed(ts, p, size, kind, stack, chain_epoch);
}

// The allocation fast path: a block smaller than kFlushBytes from a thread whose previous allocation
// had the same frames (a walk of 3 frames: the default cheap depth), kind and size, recorded into its
// hot pending slot. frame: the recording function's own frame record, which an optimizing build makes
// the hook frame (hooks.cc); in a build that kept the hook's frame in between it never matches the chain
// (whose record 0 is always the hook frame), so such builds always take the general path. It calls
// nothing, so the recording functions that inline it need no saved registers: anything else is left to
// the caller. True: recorded, gate left. False: nothing changed, the caller calls on_alloc().
__attribute__((always_inline)) inline bool on_alloc_fast(void* ptr, size_t size, uint16_t kind,
                                                         const uintptr_t* frame) {
  // A short chain (3 frames, cheap mode: so the thread has a state), unchanged. Other chains (a maxDepth
  // above 3, full mode, a walk that stopped early) take the general path.
  const uint32_t chain_epoch = t_tls.fast_epoch;
  if (__builtin_expect(chain_epoch == 0, 0)) return false;
  ThreadState* ts = t_tls.state;
  const FrameChain& chain = ts->chain;
  if (__builtin_expect(!chain_unchanged_short(chain, hook_frame_at(frame)), 0)) return false;
  // Entered with no flag: recording (stop() flushed every thread and left kGateStopped: nothing may be
  // added after it), membarrier mode, not claimed.
  if (__builtin_expect(!gate_try_enter_recording(ts->gate), 0)) return false;
  // ... and the chain was recorded in this window: checked inside the gate, since a start() between a
  // check outside and the gate would not have waited for this thread (record_alloc_probed).
  if (__builtin_expect(chain_epoch != g_chain_epoch.load(std::memory_order_relaxed), 0)) {
    gate_exit(ts->gate);
    return false;
  }
  const auto p = reinterpret_cast<uintptr_t>(ptr);
  const uint64_t site = chain.site | kind;
  // The block comes back into the slot its free left counted (same size): the pending bytes, their
  // high-water mark and the slot count stay as they are. No size check against kFlushBytes: the
  // thread's profile repeats smaller sizes only (bigger blocks go to the shared table and profile).
  if (__builtin_expect(!ts->profile.repeats(site, size), 0) ||
      __builtin_expect(!ts->pending.reuse_counted(p, size, site), 0)) {
    gate_exit(ts->gate);
    return false;
  }
  ts->profile.add_repeat();  // also the window's allocation count and bytes (flush_locked)
  gate_exit(ts->gate);
  return true;
}

// The free fast path: ptr is the block this thread's table holds in its hot slot (a block freed soon
// after its allocation), and the gate has no flag. True: removed. False: nothing changed, the caller
// takes on_free_inline.
__attribute__((always_inline)) inline bool on_free_hot(ThreadState* ts, void* ptr) {
  if (__builtin_expect(!gate_try_enter_recording(ts->gate), 0)) return false;
  // The bytes stay in the pending current (a counted tombstone, pending_table.h): usually the next
  // allocation brings the block back at once.
  const bool hit = ts->pending.free_hot(reinterpret_cast<uintptr_t>(ptr));
  gate_exit(ts->gate);
  return hit;
}

// Returns true if ptr was a recorded heap allocation (and removes it); *old_size gets its size.
__attribute__((always_inline)) inline bool on_free_inline(void* ptr, size_t* old_size) {
  const auto p = reinterpret_cast<uintptr_t>(ptr);
  ThreadState* ts = t_tls.state;
  // The block is still pending in this thread's own table? (Never for an address the table cannot hold:
  // such blocks are in the shared table, and the address could equal another block's tombstone.)
  if (__builtin_expect(ts != nullptr, 1) && __builtin_expect(PendingTable::holds(p), 1)) {
    gate_enter(ts->gate);
    settle_counted(ts);
    uint64_t size;
    bool hit = ts->pending.remove_own(p, &size);  // its bytes stay counted, like on_free_hot's
    gate_exit(ts->gate);
    if (hit) {
      if (old_size) *old_size = size;
      return true;
    }
  }
  return on_free_shared(p, ts, old_size);
}

}  // namespace leakproof
