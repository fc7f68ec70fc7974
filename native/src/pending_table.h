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

#include "alloc_profile.h"

namespace leakproof {

struct PendingSlot {
  // kEmpty, a live pointer, a tombstone (the pointer | kTombBit) or the counted tombstone (| kCountedBit too)
  std::atomic<uintptr_t> ptr;
  uint64_t size;
  uint64_t site;  // site_key(stack id, kind) (alloc_profile.h): one store
  uint32_t stack_id() const { return site_stack(site); }
  uint16_t kind() const { return site_kind(site); }
};

class PendingTable {
 public:
  // Entries are at least 4-byte aligned (holds(); bits 0 and 1 are free): bit 0 marks a tombstone and
  // keeps the pointer it held, so the insert shortcut knows which pointer the latest removal was.
  // Bit 1 (kCountedBit, with kTombBit) marks the one tombstone whose block's bytes are still in the
  // owner's pending current: the free fast path leaves them there, because the allocator's next block,
  // of the same size, usually comes straight back into that slot (reuse_counted). Only the hot slot
  // can hold one; settle_hot() takes the bytes off before anything else moves hot_ or reads the counts.
  static constexpr uintptr_t kEmpty = 0, kTombBit = 1, kCountedBit = 2;
  static constexpr size_t kCap = 512;           // power of two
  static constexpr size_t kMaxUsed = kCap / 2;  // live + tombstones before the owner must flush
  static bool is_live(uintptr_t p) { return p != kEmpty && (p & kTombBit) == 0; }
  // Addresses this table may hold: the tag bits free. malloc-family blocks are at least 8-byte aligned;
  // guard-page blocks need not be (tracker.cc records those in the shared table).
  static bool holds(uintptr_t p) { return (p & (kTombBit | kCountedBit)) == 0; }

  // Owner. Returns the slot of a previous entry with the same pointer (a stale duplicate: the block
  // was freed where no hook saw it) through *stale, which the caller accounts and then overwrites.
  // Returns false when the table is too full: the caller flushes, then inserts again.
  inline bool insert(uintptr_t ptr, uint64_t size, uint32_t stack_id, uint16_t kind, PendingSlot** stale);
  // Owner, fast path only: ptr is the block removed last (allocators hand it out again first) and
  // its tombstone is still there: the entry goes into that slot. False: use insert().
  inline bool insert_reused(uintptr_t ptr, uint64_t size, uint64_t site);
  // Owner, after settle_hot(): remove ptr if pending here, leaving the counted tombstone in its slot,
  // which becomes hot_ (the caller leaves the pending bytes as they are); *size gets the block's size.
  inline bool remove_own(uintptr_t ptr, uint64_t* size);
  // Owner, free fast path: the hot slot holds ptr: it becomes a counted tombstone (the caller leaves the
  // pending bytes as they are). False: nothing changed, use remove_own().
  inline bool free_hot(uintptr_t ptr) {
    PendingSlot* s = hot_;
    if (__builtin_expect(s->ptr.load(std::memory_order_relaxed) != ptr, 0)) return false;
    s->ptr.store(ptr | kTombBit | kCountedBit, std::memory_order_relaxed);
    return true;
  }
  // Owner, allocation fast path: the hot slot holds ptr's counted tombstone, of this size: the entry
  // goes back in, its bytes still counted (the caller leaves them). False: nothing changed.
  inline bool reuse_counted(uintptr_t ptr, uint64_t size, uint64_t site) {
    PendingSlot* s = hot_;
    if (__builtin_expect(s->ptr.load(std::memory_order_relaxed) != (ptr | kTombBit | kCountedBit), 0) ||
        __builtin_expect(s->size != size, 0))
      return false;
    s->site = site;
    s->ptr.store(ptr, std::memory_order_release);
    return true;
  }
  // The owner inside its gate, or whoever holds its claim, before any other use of the table or of the
  // pending counters: the counted tombstone, if any, becomes a plain one. Returns the bytes to take
  // off the pending current (0: none).
  inline uint64_t settle_hot() {
    PendingSlot* s = hot_;
    const uintptr_t p = s->ptr.load(std::memory_order_relaxed);
    if (__builtin_expect((p & (kTombBit | kCountedBit)) != (kTombBit | kCountedBit), 1)) return 0;
    s->ptr.store(p & ~kCountedBit, std::memory_order_relaxed);
    return s->size;
  }
  // Another thread, tracker lock held.
  bool take_remote(uintptr_t ptr, PendingSlot* out);
  // Slots used since the last clear (live + tombstones). A hint for remote frees, which skip tables
  // with none: exact for entries the caller could be freeing, whose insertion happened before the free.
  size_t used() const { return used_.load(std::memory_order_relaxed); }
  // Entries taken by other threads since the last clear (the owner's pending counters still count them).
  size_t remote_taken() const { return remote_taken_.load(std::memory_order_relaxed); }
  bool needs_flush() const { return used() >= kMaxUsed; }
  // Exclusive access (see above).
  template <typename F>
  void for_each_live(F&& f) const {
    for (size_t i = 0; i < kCap; ++i) {
      uintptr_t p = slots_[i].ptr.load(std::memory_order_relaxed);
      if (is_live(p)) f(p, slots_[i]);
    }
  }
  void clear();

  static size_t home(uintptr_t ptr) {
    return static_cast<size_t>((ptr * 0x9E3779B97F4A7C15ULL) >> (64 - 9)) & (kCap - 1);
  }

 private:
  static void store(PendingSlot* slot, uintptr_t ptr, uint64_t size, uint64_t site) {
    slot->size = size;
    slot->site = site;
    slot->ptr.store(ptr, std::memory_order_release);
  }
  // Out of line (pending_table.cc). Owner. The slot insert() stores ptr in (null: the table is too
  // full), or, through *stale, the slot that already holds ptr.
  PendingSlot* probe_for_insert(uintptr_t ptr, PendingSlot** stale);
  // Owner: the slot holding ptr, or null.
  PendingSlot* probe_own(uintptr_t ptr) const;
  PendingSlot slots_[kCap];
  std::atomic<size_t> used_{0};  // written by the owner (and flushers); read as a hint by remote frees
  // Owner-only shortcut (reset by clear()): the slot of the owner's latest probed insert or probed
  // removal. In a loop that frees what it just allocated it stays put: the free finds the block there,
  // and the next allocation (the same block again) reuses its tombstone, without writing this pointer.
  // Never null (an empty slot until then), so the shortcuts need no null check.
  PendingSlot* hot_ = &slots_[0];
  std::atomic<size_t> remote_taken_{0};  // take_remote() (tracker lock held)
};
static_assert(PendingTable::kCap == 512, "home() takes the top 9 bits");

bool PendingTable::insert_reused(uintptr_t ptr, uint64_t size, uint64_t site) {
  // A tombstone of ptr in the hot slot means ptr has no live entry: the slot got the tombstone when
  // ptr's entry was removed there (by the owner or a remote take), and any later insert of ptr would
  // have reused it (hot_ only moves to a slot that then holds a live pointer or its fresh tombstone).
  PendingSlot* slot = hot_;
  if (__builtin_expect(slot->ptr.load(std::memory_order_relaxed) != (ptr | kTombBit), 0)) return false;
  store(slot, ptr, size, site);
  return true;
}

bool PendingTable::insert(uintptr_t ptr, uint64_t size, uint32_t stack_id, uint16_t kind, PendingSlot** stale) {
  *stale = nullptr;
  const uint64_t site = site_key(stack_id, kind);
  if (insert_reused(ptr, size, site)) return true;
  PendingSlot* slot = probe_for_insert(ptr, stale);
  if (!slot) return false;
  if (*stale == nullptr) store(slot, ptr, size, site);
  hot_ = slot;
  return true;
}

bool PendingTable::remove_own(uintptr_t ptr, uint64_t* size) {
  PendingSlot* s = hot_;
  if (__builtin_expect(s->ptr.load(std::memory_order_relaxed) != ptr, 0)) {  // not freed right after its allocation
    if (used() == 0) return false;
    s = probe_own(ptr);
    if (!s) return false;
    hot_ = s;  // allocators hand the block just freed out first
  }
  *size = s->size;
  s->ptr.store(ptr | kTombBit | kCountedBit, std::memory_order_relaxed);
  return true;
}

}  // namespace leakproof
