// A thread's pending allocations: recorded by the owner thread without any lock, published into
// the shared live table in batches (flush). Open addressing with linear probing and tombstones
// (never backward shifts: another thread may probe concurrently, see below); fixed capacity.
//
// Who touches it:
//  - the owner thread: insert / remove_own, lock-free, inside its OwnerGate section;
//  - a thread freeing a pointer it did not allocate (cross-thread free), holding the tracker lock:
//    take_remote() finds the slot and turns it into a tombstone with a CAS. This needs no handshake
//    with the owner: the owner writes a slot's fields before publishing its pointer (release), never
//    writes a slot that holds a live pointer, and the pointer cannot be allocated again before the
//    remote free has run (record before free);
//  - flush / clear: the owner holding the tracker lock, or another thread holding the tracker lock and
//    the owner's gate (tracker.cc), so nobody else is inside the table.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace leakproof {

struct PendingSlot {
  std::atomic<uintptr_t> ptr;  // kEmpty, kTomb or a live pointer
  uint64_t size;
  uint32_t stack_id;
  uint16_t kind;
};

class PendingTable {
 public:
  static constexpr uintptr_t kEmpty = 0, kTomb = 1;  // never valid heap pointers
  static constexpr size_t kCap = 512;                // power of two
  static constexpr size_t kMaxUsed = kCap / 2;       // live + tombstones before the owner must flush

  // Owner. Returns the slot of a previous entry with the same pointer (a stale duplicate: the block
  // was freed where no hook saw it) through *stale, which the caller accounts and then overwrites.
  // Returns false when the table is too full: the caller flushes, then inserts again.
  inline bool insert(uintptr_t ptr, uint64_t size, uint32_t stack_id, uint16_t kind, PendingSlot** stale);
  // Owner: remove ptr if pending here; *out gets the entry.
  inline bool remove_own(uintptr_t ptr, uint64_t* size);
  // Another thread, tracker lock held.
  bool take_remote(uintptr_t ptr, PendingSlot* out);
  // Live entries (a hint for remote frees, which skip tables with none: exact for entries the
  // caller could be freeing, whose insertion happened before the free).
  size_t live() const {
    return live_.load(std::memory_order_relaxed) - remote_taken_.load(std::memory_order_relaxed);
  }
  bool needs_flush() const { return used_ >= kMaxUsed; }
  // Exclusive access (see above).
  template <typename F>
  void for_each_live(F&& f) const {
    for (size_t i = 0; i < kCap; ++i) {
      uintptr_t p = slots_[i].ptr.load(std::memory_order_relaxed);
      if (p > kTomb) f(p, slots_[i]);
    }
  }
  void clear();

  static size_t home(uintptr_t ptr) {
    return static_cast<size_t>((ptr * 0x9E3779B97F4A7C15ULL) >> (64 - 9)) & (kCap - 1);
  }

 private:
  // Owner: slot s holds ptr; make it a tombstone. Returns the block's size.
  uint64_t take_own(PendingSlot& s, uintptr_t ptr) {
    uint64_t size = s.size;
    s.ptr.store(kTomb, std::memory_order_relaxed);
    live_.store(live_.load(std::memory_order_relaxed) - 1, std::memory_order_relaxed);
    last_freed_ = &s;
    last_freed_ptr_ = ptr;
    return size;
  }
  PendingSlot slots_[kCap];
  size_t used_ = 0;                // owner (and flushers): live + tombstones
  // Owner-only shortcuts (reset by clear()): the slot of the latest insert and of the latest removal.
  PendingSlot* last_inserted_ = nullptr;
  PendingSlot* last_freed_ = nullptr;
  uintptr_t last_freed_ptr_ = kEmpty;
  std::atomic<size_t> live_{0};          // owner: entries inserted - entries it removed
  std::atomic<size_t> remote_taken_{0};  // take_remote() (tracker lock held): entries others removed
};
static_assert(PendingTable::kCap == 512, "home() takes the top 9 bits");

bool PendingTable::insert(uintptr_t ptr, uint64_t size, uint32_t stack_id, uint16_t kind, PendingSlot** stale) {
  PendingSlot* free_slot = nullptr;
  *stale = nullptr;
  // Allocators hand the block just freed out again first (tcache, LIFO): its tombstone is reusable
  // without probing (a pointer has at most one entry, and that one was just removed).
  if (ptr == last_freed_ptr_ && last_freed_->ptr.load(std::memory_order_relaxed) == kTomb) {
    free_slot = last_freed_;
    last_freed_ptr_ = kEmpty;
    goto store;
  }
  for (size_t h = home(ptr), n = 0; n < kCap; h = (h + 1) & (kCap - 1), ++n) {
    PendingSlot& s = slots_[h];
    uintptr_t p = s.ptr.load(std::memory_order_relaxed);
    if (p == ptr) {
      *stale = &s;
      return true;
    }
    if (p == kTomb) {
      if (!free_slot) free_slot = &s;
      continue;
    }
    if (p == kEmpty) {
      if (!free_slot) {
        if (used_ >= kMaxUsed) return false;
        free_slot = &s;
        ++used_;
      }
      break;
    }
  }
  if (!free_slot) return false;
  if (ptr == last_freed_ptr_) last_freed_ptr_ = kEmpty;  // the shortcut may not hand ptr a second slot
store:
  last_inserted_ = free_slot;
  free_slot->size = size;
  free_slot->stack_id = stack_id;
  free_slot->kind = kind;
  free_slot->ptr.store(ptr, std::memory_order_release);
  live_.store(live_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  return true;
}

bool PendingTable::remove_own(uintptr_t ptr, uint64_t* size) {
  if (live_.load(std::memory_order_relaxed) == 0) return false;
  PendingSlot* last = last_inserted_;
  if (last && last->ptr.load(std::memory_order_relaxed) == ptr) {  // freed right after its allocation
    *size = take_own(*last, ptr);
    return true;
  }
  for (size_t h = home(ptr), n = 0; n < kCap; h = (h + 1) & (kCap - 1), ++n) {
    PendingSlot& s = slots_[h];
    uintptr_t p = s.ptr.load(std::memory_order_relaxed);
    if (p == kEmpty) return false;
    if (p != ptr) continue;
    *size = take_own(s, ptr);
    return true;
  }
  return false;
}

}  // namespace leakproof
