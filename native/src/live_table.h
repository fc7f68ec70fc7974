#pragma once
#include <cstddef>
#include <cstdint>

namespace leakproof {

struct ThreadState;

// Live allocations of the current window, keyed by (pointer, domain): domain 0 = heap
// (malloc family / operator new), 1 = custom resources from leakproof_track(). Open
// addressing with linear probing and backward-shift deletion (no tombstones); memory from
// the original libc allocator. Not thread-safe: callers hold the tracker lock.
struct LiveEntry {
  uintptr_t ptr;  // 0 = empty slot
  uint64_t size;
  ThreadState* thread;
  uint32_t stack_id;
  uint16_t kind;
  uint8_t domain;
};

class LiveTable {
 public:
  // Returns the previous entry's size through *replaced if the key was already present.
  bool insert(const LiveEntry& e, LiveEntry* replaced);
  bool remove(uintptr_t ptr, uint8_t domain, LiveEntry* out);
  void clear();
  size_t size() const { return count_; }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < cap_; ++i)
      if (slots_[i].ptr) f(slots_[i]);
  }

 private:
  size_t home(uintptr_t ptr, uint8_t domain) const;
  bool grow();
  LiveEntry* slots_ = nullptr;
  size_t cap_ = 0, count_ = 0;  // cap_: power of two
};

}  // namespace leakproof
