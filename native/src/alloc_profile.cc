#include "alloc_profile.h"

#include "raw_alloc.h"

namespace leakproof {

bool AllocProfile::grow() {
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
}

void AllocProfile::release() {
  raw_free(slots_);
  slots_ = nullptr;
  cap_ = count_ = 0;
  last_ = nullptr;
}

}  // namespace leakproof
