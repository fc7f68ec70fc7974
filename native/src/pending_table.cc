#include "pending_table.h"

namespace leakproof {

bool PendingTable::take_remote(uintptr_t ptr, PendingSlot* out) {
  // An address the table cannot hold (a guard-page block at an odd address) is never an entry here, and
  // could equal another block's tombstone.
  if (used() == 0 || !holds(ptr)) return false;
  for (size_t h = home(ptr), n = 0; n < kCap; h = (h + 1) & (kCap - 1), ++n) {
    PendingSlot& s = slots_[h];
    uintptr_t p = s.ptr.load(std::memory_order_acquire);  // pairs with the owner's publishing store
    if (p == kEmpty) return false;
    if (p != ptr) continue;
    out->size = s.size;  // read before the slot can be reused
    out->site = s.site;
    if (!s.ptr.compare_exchange_strong(p, ptr | kTombBit, std::memory_order_acq_rel)) return false;
    remote_taken_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  return false;
}

PendingSlot* PendingTable::probe_for_insert(uintptr_t ptr, PendingSlot** stale) {
  PendingSlot* free_slot = nullptr;
  for (size_t h = home(ptr), n = 0; n < kCap; h = (h + 1) & (kCap - 1), ++n) {
    PendingSlot& s = slots_[h];
    uintptr_t p = s.ptr.load(std::memory_order_relaxed);
    if (p == ptr) {
      *stale = &s;
      return &s;
    }
    if (p == kEmpty) {
      if (!free_slot) {
        size_t used = used_.load(std::memory_order_relaxed);
        if (used >= kMaxUsed) return nullptr;
        free_slot = &s;
        used_.store(used + 1, std::memory_order_relaxed);
      }
      break;
    }
    if (!free_slot && (p & kTombBit)) free_slot = &s;
  }
  return free_slot;
}

PendingSlot* PendingTable::probe_own(uintptr_t ptr) const {
  for (size_t h = home(ptr), n = 0; n < kCap; h = (h + 1) & (kCap - 1), ++n) {
    const PendingSlot& s = slots_[h];
    uintptr_t p = s.ptr.load(std::memory_order_relaxed);
    if (p == kEmpty) return nullptr;
    if (p == ptr) return const_cast<PendingSlot*>(&s);
  }
  return nullptr;
}

void PendingTable::clear() {
  for (size_t i = 0; i < kCap; ++i) slots_[i].ptr.store(kEmpty, std::memory_order_relaxed);
  used_.store(0, std::memory_order_relaxed);
  hot_ = &slots_[0];
  remote_taken_.store(0, std::memory_order_relaxed);
}

}  // namespace leakproof
