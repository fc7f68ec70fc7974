#pragma once
#include <atomic>
#include <cstdint>

#include "tracker.h"

namespace leakproof {

struct ThreadState;
constexpr int kMaxFullDepth = 256;
constexpr int kMaxCheapDepth = 16;
// Cheap stacks by default: 3 frames, the allocation site a leak verdict groups by (the 3 innermost:
// packages/core/src/native-focus.ts SITE_DEPTH); complete stacks come from the full-mode re-run. The
// allocation fast path (hot_path.h) handles chains of up to 3 frame records; a deeper cheap stack
// (maxDepth) is compared by the general path, about 1.5 ns more per allocation.
constexpr int kDefaultCheapDepth = 3;

struct StackConfig {
  StackMode mode;
  int max_depth;
  uint32_t epoch;  // changes when mode/depth change: invalidates per-thread stack caches
};
// Stack configuration, read lock-free by hooks (tracker.cc).
extern __attribute__((visibility("hidden"))) std::atomic<int> g_stack_mode;
extern __attribute__((visibility("hidden"))) std::atomic<int> g_stack_max_depth;
extern __attribute__((visibility("hidden"))) std::atomic<uint32_t> g_stack_epoch;
inline StackConfig current_stack_config() {
  return StackConfig{static_cast<StackMode>(g_stack_mode.load(std::memory_order_relaxed)),
                     g_stack_max_depth.load(std::memory_order_relaxed),
                     g_stack_epoch.load(std::memory_order_relaxed)};
}
uint32_t trie_insert_locked(const uintptr_t* ips, int n);  // takes the tracker lock
void register_thread_state(ThreadState* ts);
void init_thread_stack_bounds(ThreadState* ts);
void warmup_unwinder();

}  // namespace leakproof
