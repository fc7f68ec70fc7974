#pragma once
#include <cstdint>

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
struct FrameChain {
  static constexpr int kMax = 16;
  uint32_t epoch = 0;  // 0: empty
  uint32_t stack_id = 0;
  int n = 0;
  uintptr_t rec[kMax], link[kMax], ret[kMax];
};

// What a thread recorded since its last flush, not yet in the shared table and counters.
// Written by the owner inside its gate; read and reset by whoever flushes (tracker.cc).
struct PendingCounters {
  int64_t current = 0;      // bytes allocated - bytes freed (>= 0)
  int64_t max_current = 0;  // high-water mark of `current` since the last flush (peak bound, tracker.cc)
  int64_t total = 0, allocations = 0, frees = 0;  // live blocks pending: allocations - frees
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

// Returns the calling thread's state (creating it), or null if it cannot be created.
ThreadState* create_thread_state();
inline ThreadState* current_thread_state() {
  ThreadState* ts = t_tls.state;
  return __builtin_expect(ts != nullptr, 1) ? ts : create_thread_state();
}

// True when the hook frame is the traced one and every traced frame record still holds the words
// the trace read: then the frame-pointer walk would return the same frames (all its decisions
// depend only on those words and the fixed stack bounds). The records lie between the hook frame
// and the stack top, so they are mapped. The loads are independent: no pointer chasing.
inline bool chain_unchanged(const FrameChain& c, const uintptr_t* frame) {
  if (c.rec[0] != reinterpret_cast<uintptr_t>(frame)) return false;
  uintptr_t diff = 0;
  for (int i = 0; i < c.n; ++i) {
    const auto* r = reinterpret_cast<const uintptr_t*>(c.rec[i]);
    diff |= (r[0] ^ c.link[i]) | (r[1] ^ c.ret[i]);
  }
  return diff == 0;
}

// Walks (and memoizes) the stack; records the walk in ts->chain. stack_capture.cc.
uint32_t capture_stack_id_slow(ThreadState* ts, const uintptr_t* frame, const StackConfig& cfg);
// Set at warmup: under valgrind the chain shortcut is off (frame records may hold words memcheck
// considers uninitialised; the slow walk launders them).
extern bool g_stack_under_valgrind;

// Stack id of the caller of the hook currently running; frame is the hook's own frame record.
// Fastest path: the same frames as this thread's previous allocation (loops).
inline uint32_t capture_stack_id(ThreadState* ts, const uintptr_t* frame) {
  const StackConfig cfg = current_stack_config();
  FrameChain& chain = ts->chain;
  if (__builtin_expect(chain.epoch == cfg.epoch, 1) && !g_stack_under_valgrind && chain_unchanged(chain, frame))
    return chain.stack_id;
  uint32_t id = capture_stack_id_slow(ts, frame, cfg);
  chain.epoch = cfg.epoch;
  chain.stack_id = id;
  return id;
}

}  // namespace leakproof
