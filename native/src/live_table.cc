#include "live_table.h"

#include "raw_alloc.h"

namespace leakproof {

bool LiveTable::grow() {
  size_t ncap = cap_ ? cap_ * 2 : 16384;
  LiveEntry* ns = raw_alloc_zeroed<LiveEntry>(ncap);
  if (!ns) return false;
  LiveEntry* old = slots_;
  size_t ocap = cap_;
  slots_ = ns;
  cap_ = ncap;
  shift_ = static_cast<unsigned>(64 - __builtin_ctzll(ncap));
  for (size_t i = 0; i < ocap; ++i) {
    if (!old[i].ptr) continue;
    size_t h = home(old[i].ptr, old[i].domain);
    while (slots_[h].ptr) h = (h + 1) & (cap_ - 1);
    slots_[h] = old[i];
  }
  raw_free(old);
  return true;
}

void LiveTable::clear() {
  if (cap_ > 65536) {  // give big tables back
    raw_free(slots_);
    slots_ = nullptr;
    cap_ = 0;
    shift_ = 63;
  } else if (slots_) {
    memset(static_cast<void*>(slots_), 0, sizeof(LiveEntry) * cap_);
  }
  count_ = 0;
}

}  // namespace leakproof
