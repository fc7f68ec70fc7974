#include "alloc_profile.h"

#include "raw_alloc.h"

namespace leakproof {

void AllocProfile::fold() {
  if (run_ == 0) return;
  SizeClassCount& c = classes_[size_class_of(last_size_)];
  c.count += run_;
  c.bytes += run_ * static_cast<int64_t>(last_size_);
  last_->count += run_;
  last_->bytes += run_ * static_cast<int64_t>(last_size_);
  run_ = 0;
}

__attribute__((noinline)) void AllocProfile::add_new_key(uint32_t stack_id, uint16_t kind, uint64_t size) {
  fold();
  SizeClassCount& c = classes_[size_class_of(size)];
  c.count += 1;
  c.bytes += static_cast<int64_t>(size);
  StackCount* s = find_or_insert(stack_id, kind);
  if (!s) {  // out of memory: the size classes still count it; no run (it needs a slot)
    last_ = nullptr;
    last_key_ = kNoKey;
    return;
  }
  s->count += 1;
  s->bytes += static_cast<int64_t>(size);
  last_ = s;
  last_key_ = static_cast<uint64_t>(stack_id) << 16 | kind;
  last_size_ = size;
}

bool AllocProfile::grow() {
  fold();  // the run belongs to last_, which moves
  size_t ncap = cap_ ? cap_ * 2 : 256;
  StackCount* ns = raw_alloc_zeroed<StackCount>(ncap);
  if (!ns) return false;
  for (size_t i = 0; i < cap_; ++i) {
    if (!slots_[i].used) continue;
    size_t h = hash(slots_[i].stack_id, slots_[i].kind) & (ncap - 1);
    while (ns[h].used) h = (h + 1) & (ncap - 1);
    ns[h] = slots_[i];
  }
  raw_free(slots_);
  slots_ = ns;
  cap_ = ncap;
  last_ = nullptr;
  last_key_ = kNoKey;
  run_ = 0;
  return true;
}

StackCount* AllocProfile::find_or_insert(uint32_t stack_id, uint16_t kind) {
  if ((count_ + 1) * 2 > cap_ && !grow()) return nullptr;
  size_t mask = cap_ - 1;
  for (size_t h = hash(stack_id, kind) & mask;; h = (h + 1) & mask) {
    StackCount& s = slots_[h];
    if (!s.used) {
      s = StackCount{stack_id, kind, true, 0, 0};
      ++count_;
      return &s;
    }
    if (s.stack_id == stack_id && s.kind == kind) return &s;
  }
}

void AllocProfile::merge_from(const AllocProfile& other) {
  fold();
  for (int i = 0; i < kSizeClasses; ++i) {
    classes_[i].count += other.classes_[i].count;
    classes_[i].bytes += other.classes_[i].bytes;
  }
  other.for_each_stack([&](const StackCount& o) {
    StackCount* s = find_or_insert(o.stack_id, o.kind);
    if (!s) return;
    s->count += o.count;
    s->bytes += o.bytes;
  });
}

void AllocProfile::clear() {
  for (auto& c : classes_) c = SizeClassCount{0, 0};
  if (cap_ > 4096) {
    release();
  } else if (slots_) {
    memset(static_cast<void*>(slots_), 0, sizeof(StackCount) * cap_);
    count_ = 0;
  }
  last_ = nullptr;
  last_key_ = kNoKey;
  run_ = 0;
}

void AllocProfile::release() {
  raw_free(slots_);
  slots_ = nullptr;
  cap_ = count_ = 0;
  last_ = nullptr;
  last_key_ = kNoKey;
  run_ = 0;
}

}  // namespace leakproof
