#pragma once
#include <cstdint>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "alloc_profile.h"
#include "owner_gate.h"
#include "pending_table.h"
#include "tracker_internal.h"

namespace leakproof {

// Per-thread record. Created lazily inside a hook with the original calloc, registered in a
// global list, never freed (threads() reports threads that already exited).
struct StackCacheEntry {
  uint64_t hash;
  uint32_t epoch;
  uint32_t stack_id;
  uintptr_t sp_depth;  // full mode: distance of the stack pointer from the stack top
  uint16_t n;
  uintptr_t ips[16];
};

// The frame records the last frame-pointer walk read (address, saved frame pointer, return
// address each) and the stack id it resolved to. If the next allocation starts from the same hook
// frame and every one of those records still holds the same two words, the walk would read exactly
// the same values again: the id is reused after independent loads instead of a dependent chain.
// The two words of record i are kept side by side (words[i]) so one 16-byte compare checks a
// record; the list is padded to a multiple of 4 with entries that point at their own words (always
// equal), so the check runs whole groups of 4 without a per-record bound.
struct FrameChain {
  static constexpr int kMax = 16;
  uint32_t epoch = 0;  // g_chain_epoch when recorded; 0: empty (t_tls.fast_epoch: the same, for short chains)
  uint32_t stack_id = 0;
  uint64_t site = 0;  // site_key(stack_id, 0) (alloc_profile.h): the fast path ORs the kind in
  int n = 0;       // records read by the walk
  int padded = 0;  // n rounded up to a multiple of 4
  // A cheap walk of 3 frames that stopped because it had them (not at a bad frame): the allocation fast
  // path may compare it with chain_unchanged_short (stack_capture.cc sets it).
  bool short_walk = false;
  uintptr_t rec[kMax];
  alignas(16) uintptr_t words[kMax][2];  // [0] saved frame pointer, [1] return address
  void pad() {
    for (padded = n; padded % 4 != 0; ++padded) rec[padded] = reinterpret_cast<uintptr_t>(words[padded]);
  }
};

// What a thread recorded since its last flush, not yet in the shared table and counters.
// Written by the owner inside its gate; read and reset by whoever flushes (tracker.cc).
// The allocation count and bytes are the profile's size classes; the frees, the allocations no longer
// in the pending table (flush_locked).
struct PendingCounters {
  // Bytes allocated - bytes freed (>= 0), plus the counted tombstone's block if there is one
  // (pending_table.h kCountedBit; PendingTable::settle_hot takes it off).
  int64_t current = 0;
  int64_t max_current = 0;  // high-water mark of `current` since the last flush (peak bound, tracker.cc)
};

struct ThreadState {
  int64_t tid = 0;
  uintptr_t stack_lo = 0, stack_hi = 0;  // 0/0: unknown, frame walking disabled
  // Window counters of what this thread allocated, as flushed: guarded by the tracker lock.
  int64_t current = 0, total_allocated = 0, allocations = 0, frees = 0;
  ThreadState* next = nullptr;
  static constexpr int kCacheSize = 64;
  StackCacheEntry cache[kCacheSize];  // owner thread only
  StackCacheEntry* last = nullptr;    // most recent hit
  FrameChain chain;                   // owner thread only
  // Lock-free recording (owner_gate.h): the owner updates these inside gate_enter/gate_exit.
  OwnerGate gate;
  PendingCounters pending_counters;
  AllocProfile profile;  // allocations since the last flush
  PendingTable pending;
};

// Before any other use of a thread's pending table or counters (the owner inside its gate, or whoever
// holds its claim or, for the owner, the tracker lock): the counted tombstone's bytes come off the
// pending current (pending_table.h kCountedBit).
inline void settle_counted(ThreadState* ts) {
  ts->pending_counters.current -= static_cast<int64_t>(ts->pending.settle_hot());
}

// Returns the calling thread's state (creating it), or null if it cannot be created.
ThreadState* create_thread_state();
inline ThreadState* current_thread_state() {
  ThreadState* ts = t_tls.state;
  return __builtin_expect(ts != nullptr, 1) ? ts : create_thread_state();
}

// The hook's own frame record: its address, [0] the caller's saved frame pointer, [1] the return
// address into the caller. Read as two 8-byte loads: a 16-byte load would span the two stores that
// wrote them (the `call` and the `push`), and a load spanning two stores waits until both have left
// the store buffer, which ties each allocation to the retirement of everything before it (perf showed
// a third of the recording time there).
struct HookFrame {
  const uintptr_t* frame;
  uintptr_t saved_fp, ret;
};
__attribute__((always_inline)) inline HookFrame hook_frame_at(const uintptr_t* frame) {
  return HookFrame{frame, frame[0], frame[1]};
}

// True when the hook frame is the traced one and every traced frame record still holds the words
// the trace read: then the frame-pointer walk would return the same frames (all its decisions
// depend only on those words and the fixed stack bounds). The records lie between the hook frame
// and the stack top, so they are mapped. The loads are independent: no pointer chasing. Record 0
// (the hook's own) is compared word by word (HookFrame), the callers' records 1 .. padded-1 16 bytes
// at a time.
__attribute__((always_inline)) inline bool chain_unchanged(const FrameChain& c, const HookFrame& hf) {
  const uintptr_t own_diff = (c.rec[0] ^ reinterpret_cast<uintptr_t>(hf.frame)) | (c.words[0][0] ^ hf.saved_fp) |
                             (c.words[0][1] ^ hf.ret);
#if defined(__SSE2__) && defined(__x86_64__)
  // One vector collects every difference, record 0's included (its word in the low half).
  __m128i diff = _mm_cvtsi64_si128(static_cast<long long>(own_diff));
  auto check = [&](int i) __attribute__((always_inline)) {
    __m128i now = _mm_loadu_si128(reinterpret_cast<const __m128i*>(c.rec[i]));
    diff = _mm_or_si128(diff, _mm_xor_si128(now, _mm_load_si128(reinterpret_cast<const __m128i*>(c.words[i]))));
  };
  // Straight-line code: padded is 4, 8, 12 or 16; 4 (the default cheap depth) skips the switch.
  if (__builtin_expect(c.padded != 4, 0)) {
    switch (c.padded) {
      case 16: check(15), check(14), check(13), check(12); [[fallthrough]];
      case 12: check(11), check(10), check(9), check(8); [[fallthrough]];
      case 8: check(7), check(6), check(5), check(4); break;
      default: break;
    }
  }
  check(3), check(2), check(1);
  return _mm_movemask_epi8(_mm_cmpeq_epi8(diff, _mm_setzero_si128())) == 0xFFFF;
#else
  uintptr_t diff = own_diff;
  for (int i = 1; i < c.padded; ++i) {
    const auto* r = reinterpret_cast<const uintptr_t*>(c.rec[i]);
    diff |= (r[0] ^ c.words[i][0]) | (r[1] ^ c.words[i][1]);
  }
  return diff == 0;
#endif
}

// chain_unchanged for a cheap walk that read exactly 3 records and stopped because it had its 3 frames
// (FrameChain::short_walk): the walk's result depends on record 0 (its address and both words), record 1
// (both words: the saved frame pointer is record 2's address) and record 2's return address only; record
// 2's saved frame pointer was read but never used. Scalar loads: no load spans two stores.
__attribute__((always_inline)) inline bool chain_unchanged_short(const FrameChain& c, const HookFrame& hf) {
  // One compare and branch per word (a compare with a memory operand fuses with its branch): fewer
  // instructions than combining the differences, and the branches are predictable.
  const auto* rec1 = reinterpret_cast<const uintptr_t*>(c.rec[1]);
  const auto* rec2 = reinterpret_cast<const uintptr_t*>(c.rec[2]);
  if (__builtin_expect(c.rec[0] != reinterpret_cast<uintptr_t>(hf.frame), 0)) return false;
  if (__builtin_expect(c.words[0][0] != hf.saved_fp, 0)) return false;
  if (__builtin_expect(c.words[0][1] != hf.ret, 0)) return false;
  if (__builtin_expect(c.words[1][0] != rec1[0], 0)) return false;
  if (__builtin_expect(c.words[1][1] != rec1[1], 0)) return false;
  return __builtin_expect(c.words[2][1] == rec2[1], 1);
}

// Walks (and memoizes) the stack; records the walk in ts->chain. stack_capture.cc.
uint32_t capture_stack_id_slow(ThreadState* ts, const uintptr_t* frame, const StackConfig& cfg);
// Set at warmup: under valgrind the chain shortcut is off (frame records may hold words memcheck
// considers uninitialised; the slow walk launders them).
extern __attribute__((visibility("hidden"))) bool g_stack_under_valgrind;
// Changes at every tracker_start (never 0): a thread's chain is only trusted when it was recorded
// under the current value, i.e. with the current stack configuration and after the thread was
// found allowed to record in the current window (only-thread windows, tracker.cc).
extern __attribute__((visibility("hidden"))) std::atomic<uint32_t> g_chain_epoch;

// Stack id of the caller of the hook currently running; frame is the hook's own frame record.
// Fastest path: the same frames as this thread's previous allocation (loops). chain_epoch: the
// value of g_chain_epoch (acquire) read BEFORE the caller checked that this thread may record
// (g_only_thread): a start that changes it afterwards leaves the chain stale.
inline uint32_t capture_stack_id(ThreadState* ts, const uintptr_t* frame, uint32_t chain_epoch) {
  FrameChain& chain = ts->chain;
  if (__builtin_expect(chain.epoch == chain_epoch, 1) && chain_unchanged(chain, hook_frame_at(frame)))
    return chain.stack_id;
  const StackConfig cfg = current_stack_config();
  uint32_t id = capture_stack_id_slow(ts, frame, cfg);
  chain.epoch = g_stack_under_valgrind ? 0 : chain_epoch;
  chain.stack_id = id;
  chain.site = site_key(id, 0);
  t_tls.fast_epoch = chain.short_walk ? chain.epoch : 0;  // ts is this thread's state
  return id;
}

}  // namespace leakproof
