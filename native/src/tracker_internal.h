#pragma once
#include <cstdint>

#include "tracker.h"

namespace leakproof {

struct ThreadState;
constexpr int kMaxFullDepth = 256;
constexpr int kMaxCheapDepth = 16;

struct StackConfig {
  StackMode mode;
  int max_depth;
  uint32_t epoch;  // changes when mode/depth change: invalidates per-thread stack caches
};
StackConfig current_stack_config();
uint32_t trie_insert_locked(const uintptr_t* ips, int n);  // takes the tracker lock
void register_thread_state(ThreadState* ts);
void init_thread_stack_bounds(ThreadState* ts);
void warmup_unwinder();

}  // namespace leakproof
