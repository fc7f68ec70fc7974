// Memory for the tracker's own tables: the ORIGINAL libc allocator, never the hooks.
#pragma once
#include <cstring>

#include "tracker.h"

namespace leakproof {

template <typename T>
T* raw_alloc_zeroed(size_t n) {
  return static_cast<T*>(g_orig.calloc(n, sizeof(T)));
}
inline void raw_free(void* p) { g_orig.free(p); }

inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace leakproof
