// Internal interfaces of the leakproof native tracker. Everything here may be called from
// inside allocation hooks unless stated otherwise: no V8/N-API, no tracked allocation.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alloc_profile.h"

namespace leakproof {

// ---- originals (originals.cc) ---------------------------------------------------------
struct Originals {
  void* (*malloc)(size_t) = nullptr;
  void* (*calloc)(size_t, size_t) = nullptr;
  void* (*realloc)(void*, size_t) = nullptr;
  void (*free)(void*) = nullptr;
  int (*posix_memalign)(void**, size_t, size_t) = nullptr;
  void* (*aligned_alloc)(size_t, size_t) = nullptr;
  void* (*memalign)(size_t, size_t) = nullptr;
  void* (*valloc)(size_t) = nullptr;
  void* (*dlopen)(const char*, int) = nullptr;
  // operator new / delete from libstdc++ (null when libstdc++ is not a loaded shared library)
  void* (*new_)(size_t) = nullptr;
  void* (*new_arr)(size_t) = nullptr;
  void* (*new_nt)(size_t, const void*) = nullptr;
  void* (*new_arr_nt)(size_t, const void*) = nullptr;
  void* (*new_al)(size_t, size_t) = nullptr;
  void* (*new_arr_al)(size_t, size_t) = nullptr;
  void* (*new_al_nt)(size_t, size_t, const void*) = nullptr;
  void* (*new_arr_al_nt)(size_t, size_t, const void*) = nullptr;
  void (*del)(void*) = nullptr;
  void (*del_arr)(void*) = nullptr;
  void (*del_sz)(void*, size_t) = nullptr;
  void (*del_arr_sz)(void*, size_t) = nullptr;
  void (*del_nt)(void*, const void*) = nullptr;
  void (*del_arr_nt)(void*, const void*) = nullptr;
  void (*del_al)(void*, size_t) = nullptr;
  void (*del_arr_al)(void*, size_t) = nullptr;
  void (*del_sz_al)(void*, size_t, size_t) = nullptr;
  void (*del_arr_sz_al)(void*, size_t, size_t) = nullptr;
};
extern __attribute__((visibility("hidden"))) Originals g_orig;
// Resolve all originals from libc / libstdc++ (idempotent). Returns false if libc's malloc
// family could not be found (then nothing may be patched).
bool resolve_originals();
// Non-null (library path) when malloc is interposed by another allocator (LD_PRELOAD, ASan).
const char* interposed_allocator();

// ---- recursion guard (hooks.cc) -------------------------------------------------------
struct ThreadState;
struct TlsSlot {
  int depth;  // >0: inside tracker code on this thread, hooks pass through
  // The thread's frame chain (thread_state.h FrameChain) is a short walk (3 cheap frames) recorded
  // under this g_chain_epoch (0: no such chain). Non-zero only once `state` exists. Here, beside the
  // guard, so the allocation fast path (hot_path.h) tests the chain's shape and the state at once (and
  // the window inside the thread's gate).
  uint32_t fast_epoch;
  ThreadState* state;  // lazily created per-thread record (never freed)
};
extern __attribute__((visibility("hidden"))) __thread TlsSlot t_tls __attribute__((tls_model("initial-exec")));

class ReentryGuard {
 public:
  ReentryGuard() : outer_(t_tls.depth == 0) { ++t_tls.depth; }
  ~ReentryGuard() { --t_tls.depth; }
  ReentryGuard(const ReentryGuard&) = delete;
  ReentryGuard& operator=(const ReentryGuard&) = delete;
  bool outer() const { return outer_; }

 private:
  bool outer_;
};

// ---- got patching (got_patch.cc) ------------------------------------------------------
struct HookEntry {
  const char* name;
  void* hook;
};
// Patch GOT entries of every eligible loaded object. Returns the number of objects in which
// at least one entry points at our hooks (patched now or before). Thread-safe, idempotent.
int patch_all_objects();
// Address range of our own module (to strip hook frames and skip self-patching).
extern __attribute__((visibility("hidden"))) uintptr_t g_own_lo, g_own_hi;
inline bool in_own_module(uintptr_t ip) { return ip >= g_own_lo && ip < g_own_hi; }
void init_own_module();
// fork: hold the patch mutex across fork() so a child never inherits it locked.
void patch_lock_for_fork();
void patch_unlock_after_fork();

// ---- hooks (hooks.cc) -----------------------------------------------------------------
const HookEntry* hook_table(size_t* count);

// ---- tracker state (tracker.cc) -------------------------------------------------------
enum class StackMode : int { Cheap = 0, Full = 1 };
extern __attribute__((visibility("hidden"))) std::atomic<bool> g_recording;

enum KindId : uint16_t { kKindMalloc = 0, kKindNew = 1, kFirstCustomKind = 2 };

// frame: the calling hook's frame record (__builtin_frame_address(0) in the hook): the stack
// is captured from its return address outwards.
void on_alloc(void* ptr, size_t size, uint16_t kind, const uintptr_t* frame);
// Returns true if ptr was a recorded heap allocation (and removes it).
bool on_free(void* ptr, size_t* old_size = nullptr);
void on_custom_track(const void* ptr, size_t size, const char* kind, const uintptr_t* frame);
void on_custom_untrack(const void* ptr);
void install_atfork();

struct Counters {
  int64_t current, peak, total_allocated, allocations, frees;
  int64_t live_count;  // heap (malloc/new) blocks live
  int64_t custom_current, custom_peak, custom_count;  // leakproof_track() resources live
};
struct ThreadReport {
  int64_t tid, current, total_allocated, allocations, frees;
  bool is_main;
};
struct LiveGroup {
  uint32_t stack_id;
  uint16_t kind;
  int64_t count, bytes;
};

// current_thread_only: record only allocations made by the calling thread.
void tracker_start(StackMode mode, int max_depth, bool current_thread_only = false);
void tracker_stop();
Counters tracker_counters();
void tracker_reset_peak();
std::vector<ThreadReport> tracker_threads();
std::vector<LiveGroup> tracker_live_by_stack();
// Allocation profile of the current/last window: size classes and the `limit` stacks with the
// most allocations (freed or not), largest count first (ties: more bytes first).
struct AllocationProfileReport {
  SizeClassCount classes[kSizeClasses];
  std::vector<LiveGroup> top_stacks;
};
AllocationProfileReport tracker_allocation_profile(size_t limit);
std::string tracker_kind_name(uint16_t kind);
// Frames of a stack id, innermost first (raw return addresses).
std::vector<uintptr_t> tracker_stack_frames(uint32_t stack_id);
void tracker_warmup();

// ---- symbolization (symbolize.cc), NOT hook-safe ---------------------------------------
struct Frame {
  uintptr_t address;
  std::string function, module, file;
  int line;  // 0 = unknown
};
std::vector<Frame> symbolize_frames(const std::vector<uintptr_t>& ips);

}  // namespace leakproof
