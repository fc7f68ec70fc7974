#pragma once
#include <atomic>
#include <cstdint>

#include "tracker.h"

namespace leakproof {

struct ThreadState;
constexpr int kMaxFullDepth = 256;
constexpr int kMaxCheapDepth = 16;
// Cheap stacks by default: 4 frames. A leak verdict's allocation sites are the 3 innermost
// (packages/core/src/native-focus.ts SITE_DEPTH); complete stacks come from the full-mode re-run.
// The per-allocation check of an unchanged stack (thread_state.h chain_unchanged) compares frame
// records in groups of 4, so 4 frames cost what 3 do; 8 cost about 1 ns more per allocation.
constexpr int kDefaultCheapDepth = 4;

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
