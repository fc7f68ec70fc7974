// Allocation profile of a window (issue #9): every recorded malloc-family / operator new
// allocation, freed or not, counted by power-of-two size class and by (stack, kind).
// Not thread-safe: each instance has one writer at a time (a thread's own profile, or the
// shared one under the tracker lock). Memory from the original libc allocator.
#pragma once
#include <cstddef>
#include <cstdint>

namespace leakproof {

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
  inline void add(uint32_t stack_id, uint16_t kind, uint64_t size);
  // Adds every count of other into this profile (other is left unchanged).
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
  bool grow();
  static size_t hash(uint32_t stack_id, uint16_t kind) {
    return static_cast<size_t>(((static_cast<uint64_t>(stack_id) << 16 | kind) * 0x9E3779B97F4A7C15ULL) >> 32);
  }
  SizeClassCount classes_[kSizeClasses] = {};
  StackCount* slots_ = nullptr;
  size_t cap_ = 0, count_ = 0;
  // Last (stack, kind) slot touched: allocation loops repeat the same stack.
  StackCount* last_ = nullptr;
};

void AllocProfile::add(uint32_t stack_id, uint16_t kind, uint64_t size) {
  SizeClassCount& c = classes_[size_class_of(size)];
  c.count += 1;
  c.bytes += static_cast<int64_t>(size);
  StackCount* s = last_;
  if (__builtin_expect(!s || s->stack_id != stack_id || s->kind != kind, 0)) {
    s = find_or_insert(stack_id, kind);
    if (!s) return;  // out of memory: the size classes still count it
    last_ = s;
  }
  s->count += 1;
  s->bytes += static_cast<int64_t>(size);
}

}  // namespace leakproof
