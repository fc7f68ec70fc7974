#include "pending_table.h"

namespace leakproof {

bool PendingTable::take_remote(uintptr_t ptr, PendingSlot* out) {
  if (live() == 0) return false;
  for (size_t h = home(ptr), n = 0; n < kCap; h = (h + 1) & (kCap - 1), ++n) {
    PendingSlot& s = slots_[h];
    uintptr_t p = s.ptr.load(std::memory_order_acquire);  // pairs with the owner's publishing store
    if (p == kEmpty) return false;
    if (p != ptr) continue;
    out->size = s.size;  // read before the slot can be reused
    out->stack_id = s.stack_id;
    out->kind = s.kind;
    if (!s.ptr.compare_exchange_strong(p, kTomb, std::memory_order_acq_rel)) return false;
    remote_taken_.fetch_add(1, std::memory_order_relaxed);
    return true;
  }
  return false;
}

void PendingTable::clear() {
  for (size_t i = 0; i < kCap; ++i) slots_[i].ptr.store(kEmpty, std::memory_order_relaxed);
  used_ = 0;
  last_inserted_ = last_freed_ = nullptr;
  last_freed_ptr_ = kEmpty;
  live_.store(0, std::memory_order_relaxed);
  remote_taken_.store(0, std::memory_order_relaxed);
}

}  // namespace leakproof
