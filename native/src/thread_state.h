#pragma once
#include <cstdint>

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

struct ThreadState {
  int64_t tid = 0;
  uintptr_t stack_lo = 0, stack_hi = 0;  // 0/0: unknown, frame walking disabled
  // Window counters: guarded by the tracker lock.
  int64_t current = 0, total_allocated = 0, allocations = 0, frees = 0;
  ThreadState* next = nullptr;
  static constexpr int kCacheSize = 64;
  StackCacheEntry cache[kCacheSize];  // owner thread only
  StackCacheEntry* last = nullptr;    // most recent hit
};

// Returns the calling thread's state (creating it), or null if it cannot be created.
ThreadState* current_thread_state();
// Stack id of the caller of the hook currently running; frame is the hook's own frame record.
uint32_t capture_stack_id(ThreadState* ts, const uintptr_t* frame);

}  // namespace leakproof
