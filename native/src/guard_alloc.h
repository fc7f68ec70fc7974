// Guard-page allocator (opt-in, in the spirit of GWP-ASan). A sample of allocations gets
// page(s) of its own inside one preallocated pool region:
//
//   [guard][data pages | guard][data pages | guard] ...      (slot = D data pages + 1 guard page)
//
// A block is placed right-aligned against the slot's trailing guard page (an overflow faults on
// the first byte past its end) or, in left-aligned mode, at the start of the data pages (the
// previous slot's guard page catches underflows). Unused data pages of a slot stay PROT_NONE.
// A freed block's pages become PROT_NONE and the slot waits in a FIFO quarantine, so a
// use-after-free faults. guard_report.cc turns such faults into a report.
//
// Everything here may run inside allocation hooks: no malloc, no V8/N-API (the pool, its slot
// table and the quarantine ring are mmap()ed).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace leakproof {
namespace guard {

constexpr int kStackDepth = 16;

enum SlotState : uint8_t { kSlotFree = 0, kSlotInUse = 1, kSlotQuarantined = 2, kSlotReserved = 3 };

struct Slot {
  std::atomic<uint8_t> state;
  uint8_t kind;  // KindId of the allocation (kKindMalloc / kKindNew)
  uint8_t alloc_depth, free_depth;
  int32_t alloc_tid, free_tid;
  uintptr_t start;  // block address handed out
  size_t size;      // requested size
  uintptr_t alloc_stack[kStackDepth];  // innermost first: [0] = return address into the caller
  uintptr_t free_stack[kStackDepth];
};

struct Config {
  uint32_t sample_rate = 1;    // 1 = every allocation, N = about one in N (per thread)
  uint32_t quarantine = 256;   // freed slots kept PROT_NONE before reuse
  uint32_t slots = 1024;       // pool capacity (fixed at the first enable)
  size_t max_size = 16384;     // larger blocks pass through (fixed at the first enable)
  bool left_aligned = false;   // true: catch underflows instead of overflows
  bool addons_only = true;     // true: requests made directly by node/V8 or libc are never guarded
};

struct Stats {
  bool enabled;
  Config config;
  uint64_t guarded;          // allocations placed in the pool so far
  uint64_t pool_exhausted;   // sampled allocations that passed through because no slot was free
  uint32_t in_use, quarantined;
  size_t page_size;
};

// Pool geometry, published once by configure() (never unmapped afterwards).
extern __attribute__((visibility("hidden"))) std::atomic<uintptr_t> g_pool_lo;
extern __attribute__((visibility("hidden"))) std::atomic<uintptr_t> g_pool_span;
extern __attribute__((visibility("hidden"))) std::atomic<bool> g_enabled;
extern __attribute__((visibility("hidden"))) std::atomic<bool> g_addons_only;

inline bool enabled() { return g_enabled.load(std::memory_order_relaxed); }
// One subtraction and one compare: cheap enough for every free().
inline bool owns(const void* p) {
  return reinterpret_cast<uintptr_t>(p) - g_pool_lo.load(std::memory_order_relaxed) <
         g_pool_span.load(std::memory_order_relaxed);
}

// Creates the pool on the first call (slots and max_size are fixed then; a later call with other
// values fails with *error set), updates sample rate / quarantine / alignment, installs the fault
// handler and turns guarding on. Not hook-safe (called from N-API). Returns false on failure.
bool configure(const Config& config, const char** error);
void disable();
Stats stats();

// A guarded block for this request, or null (not sampled, too large, alignment above a page,
// pool exhausted): the caller then uses the real allocator. frame: the hook's frame record.
void* maybe_allocate(size_t size, size_t align, uint8_t kind, const uintptr_t* frame);
// Same, ignoring the sampling (realloc of a guarded block stays guarded while slots remain).
void* allocate_now(size_t size, size_t align, uint8_t kind, const uintptr_t* frame);
// p must satisfy owns(p). Reports (and aborts on) a double or invalid free.
void release(void* p, const uintptr_t* frame);
// Requested size of a live guarded block (0 if p is not one).
size_t block_size(const void* p);

// Pool internals shared with the fault reporter (guard_report.cc).
struct Pool {
  uintptr_t lo = 0, span = 0;
  size_t page = 4096, data_pages = 0, stride = 0;
  uint32_t slots = 0;
  Slot* table = nullptr;
};
const Pool& pool();
// Slot whose block is nearest to addr (addr inside the pool), or -1.
long slot_for_address(uintptr_t addr);

// Fault reporting (guard_report.cc).
void install_fault_handler();
// Report a bad free of p (double-free / invalid-free) at the current stack, then abort().
[[noreturn]] void report_bad_free(const char* kind, uintptr_t p, long slot, const uintptr_t* frame);
// Frame-pointer walk of the calling thread from a hook frame record (bounds-checked, no malloc).
int capture_stack(const uintptr_t* frame, uintptr_t* out, int max);

}  // namespace guard
}  // namespace leakproof
