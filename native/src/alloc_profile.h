// Allocation profile of a window (issue #9): every recorded malloc-family / operator new
// allocation, freed or not, counted by power-of-two size class and by (stack, kind).
// Not thread-safe: each instance has one writer at a time (a thread's own profile, or the
// shared one under the tracker lock). Memory from the original libc allocator.
#pragma once
#include <cstddef>
#include <cstdint>

namespace leakproof {

// An allocation site as one word: stack id and kind (the profile's key, and a pending slot's site).
inline uint64_t site_key(uint32_t stack_id, uint16_t kind) { return static_cast<uint64_t>(stack_id) << 16 | kind; }
inline uint32_t site_stack(uint64_t site) { return static_cast<uint32_t>(site >> 16); }
inline uint16_t site_kind(uint64_t site) { return static_cast<uint16_t>(site); }

// Class i holds sizes in (2^(i+3), 2^(i+4)] (class 0: 0..16 bytes); the last class is "larger".
constexpr int kSizeClasses = 28;  // 16 B .. 1 GiB, then larger
inline int size_class_of(uint64_t size) {
  if (size <= 16) return 0;
  int bits = 64 - __builtin_clzll(size - 1);  // ceil(log2(size))
  int c = bits - 4;
  return c < kSizeClasses - 1 ? c : kSizeClasses - 1;
}
// Inclusive upper bound of class i in bytes, -1 for the last ("larger") class.
inline int64_t size_class_upper(int i) { return i < kSizeClasses - 1 ? (int64_t{16} << i) : -1; }

struct SizeClassCount {
  int64_t count, bytes;
};
struct StackCount {
  uint32_t stack_id;  // key with kind; used == false: empty slot
  uint16_t kind;
  bool used;
  int64_t count, bytes;
};

class AllocProfile {
 public:
  AllocProfile() = default;
  AllocProfile(const AllocProfile&) = delete;  // last_ points into this object's table
  AllocProfile& operator=(const AllocProfile&) = delete;
  // Counts one allocation. A repeat of the previous (stack, kind, size) only counts a run; fold()
  // adds the run to the classes and stacks (readers fold first: classes(), for_each_stack() and
  // stack_count() see folded counts only).
  inline void add(uint32_t stack_id, uint16_t kind, uint64_t size);
  // The fast path's split of add(): true when (site_key(stack, kind), size) repeats the previous
  // allocation, and then add_repeat() counts it.
  bool repeats(uint64_t key, uint64_t size) const {
    return __builtin_expect(key == last_key_, 1) && __builtin_expect(size == last_size_, 1);
  }
  void add_repeat() { ++run_; }
  void fold();
  // Adds every count of other (folded) into this profile (other is left unchanged).
  void merge_from(const AllocProfile& other);
  void clear();
  const SizeClassCount* classes() const { return classes_; }
  template <typename F>
  void for_each_stack(F&& f) const {
    for (size_t i = 0; i < cap_; ++i)
      if (slots_[i].used) f(slots_[i]);
  }
  size_t stack_count() const { return count_; }
  void release();  // frees the table (the profile stays usable)

 private:
  StackCount* find_or_insert(uint32_t stack_id, uint16_t kind);
  void add_new_key(uint32_t stack_id, uint16_t kind, uint64_t size);
  bool grow();
  static size_t hash(uint32_t stack_id, uint16_t kind) {
    return static_cast<size_t>(((static_cast<uint64_t>(stack_id) << 16 | kind) * 0x9E3779B97F4A7C15ULL) >> 32);
  }
  SizeClassCount classes_[kSizeClasses] = {};
  StackCount* slots_ = nullptr;
  size_t cap_ = 0, count_ = 0;
  // The last allocation's (stack, kind) slot, key and size, and how many repeats of it are not folded
  // yet (allocation loops repeat all three). last_key_ is kNoKey (no real key: those fit in 48 bits)
  // while no slot is cached; then run_ is 0.
  static constexpr uint64_t kNoKey = ~uint64_t{0};
  StackCount* last_ = nullptr;
  uint64_t last_key_ = kNoKey;
  uint64_t last_size_ = 0;
  int64_t run_ = 0;
};

void AllocProfile::add(uint32_t stack_id, uint16_t kind, uint64_t size) {
  if (__builtin_expect(site_key(stack_id, kind) == last_key_ && size == last_size_, 1)) {
    ++run_;
    return;
  }
  add_new_key(stack_id, kind, size);
}

}  // namespace leakproof
