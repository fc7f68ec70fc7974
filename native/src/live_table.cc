#include "live_table.h"

#include "raw_alloc.h"

namespace leakproof {

size_t LiveTable::home(uintptr_t ptr, uint8_t domain) const {
  return mix64(ptr ^ (static_cast<uint64_t>(domain) << 63)) & (cap_ - 1);
}

bool LiveTable::grow() {
  size_t ncap = cap_ ? cap_ * 2 : 16384;
  LiveEntry* ns = raw_alloc_zeroed<LiveEntry>(ncap);
  if (!ns) return false;
  LiveEntry* old = slots_;
  size_t ocap = cap_;
  slots_ = ns;
  cap_ = ncap;
  for (size_t i = 0; i < ocap; ++i) {
    if (!old[i].ptr) continue;
    size_t h = home(old[i].ptr, old[i].domain);
    while (slots_[h].ptr) h = (h + 1) & (cap_ - 1);
    slots_[h] = old[i];
  }
  raw_free(old);
  return true;
}

bool LiveTable::insert(const LiveEntry& e, LiveEntry* replaced) {
  if ((count_ + 1) * 2 > cap_ && !grow()) return false;  // out of memory: drop the record
  size_t mask = cap_ - 1;
  for (size_t h = home(e.ptr, e.domain);; h = (h + 1) & mask) {
    LiveEntry& s = slots_[h];
    if (!s.ptr) {
      s = e;
      ++count_;
      return true;
    }
    if (s.ptr == e.ptr && s.domain == e.domain) {
      if (replaced) *replaced = s;
      s = e;
      return false;
    }
  }
}

bool LiveTable::remove(uintptr_t ptr, uint8_t domain, LiveEntry* out) {
  if (!count_) return false;
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

void LiveTable::clear() {
  if (cap_ > 65536) {  // give big tables back
    raw_free(slots_);
    slots_ = nullptr;
    cap_ = 0;
  } else if (slots_) {
    memset(static_cast<void*>(slots_), 0, sizeof(LiveEntry) * cap_);
  }
  count_ = 0;
}

}  // namespace leakproof
