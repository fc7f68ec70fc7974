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
  enum InsertResult { kInserted, kReplaced, kNoMemory };
  // kReplaced: the key was already present; the previous entry is returned through *replaced.
  // kNoMemory: the table could not grow, nothing was stored.
  inline InsertResult insert(const LiveEntry& e, LiveEntry* replaced);
  inline bool remove(uintptr_t ptr, uint8_t domain, LiveEntry* out);
  void clear();
  size_t size() const { return count_; }
  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < cap_; ++i)
      if (slots_[i].ptr) f(slots_[i]);
  }

 private:
  // Fibonacci hashing: one multiply, the top log2(cap_) bits (good spread for the 16-byte
  // aligned, regularly strided addresses allocators return).
  size_t home(uintptr_t ptr, uint8_t domain) const {
    return static_cast<size_t>(((ptr ^ (static_cast<uint64_t>(domain) << 63)) * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  bool grow();
  LiveEntry* slots_ = nullptr;
  size_t cap_ = 0, count_ = 0;  // cap_: power of two
  unsigned shift_ = 63;         // 64 - log2(cap_)
};

// Hot path (called under the tracker lock from every recorded allocation / free): inline.
LiveTable::InsertResult LiveTable::insert(const LiveEntry& e, LiveEntry* replaced) {
  if (__builtin_expect((count_ + 1) * 2 > cap_, 0) && !grow()) return kNoMemory;  // drop the record
  size_t mask = cap_ - 1;
  for (size_t h = home(e.ptr, e.domain);; h = (h + 1) & mask) {
    LiveEntry& s = slots_[h];
    if (!s.ptr) {
      s = e;
      ++count_;
      return kInserted;
    }
    if (s.ptr == e.ptr && s.domain == e.domain) {
      if (replaced) *replaced = s;
      s = e;
      return kReplaced;
    }
  }
}

bool LiveTable::remove(uintptr_t ptr, uint8_t domain, LiveEntry* out) {
  if (__builtin_expect(!count_, 0)) return false;
  size_t mask = cap_ - 1;
  size_t h = home(ptr, domain);
  while (true) {
    if (!slots_[h].ptr) return false;
    if (slots_[h].ptr == ptr && slots_[h].domain == domain) break;
    h = (h + 1) & mask;
  }
  if (out) *out = slots_[h];
  // Backward-shift deletion.
  size_t hole = h;
  for (size_t j = (h + 1) & mask; slots_[j].ptr; j = (j + 1) & mask) {
    size_t want = home(slots_[j].ptr, slots_[j].domain);
    // Move j into the hole if its home is not in the cyclic range (hole, j].
    bool in_range = hole <= j ? (want > hole && want <= j) : (want > hole || want <= j);
    if (!in_range) {
      slots_[hole] = slots_[j];
      hole = j;
    }
  }
  slots_[hole] = LiveEntry{};
  --count_;
  return true;
}

}  // namespace leakproof
