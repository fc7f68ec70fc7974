// Allocation hooks installed into GOT entries. Rules (DESIGN.md "Native tracker"):
//  - pass through unless a window is recording and we are not already inside tracker code;
//  - the guard covers the call to the original, so operator new -> libstdc++ -> malloc is
//    recorded once (as "new");
//  - a free is recorded BEFORE the real free (the address could be reused at once);
//  - never V8/N-API, never allocate through the tracked heap.
#include <dlfcn.h>
#include <errno.h>

#include <new>

#include "dlopen_hook.h"
#include "guard_hooks.h"
#include "hot_path.h"
#include "tracker.h"

namespace leakproof {

__thread TlsSlot t_tls __attribute__((tls_model("initial-exec"))) = {0, 0, nullptr};

namespace {

inline bool should_record() {
  return __builtin_expect(g_recording.load(std::memory_order_relaxed), 0) && __builtin_expect(t_tls.depth == 0, 1);
}

// The recursion guard of a hook that found depth == 0 (should_record): plain stores, no
// read-modify-write. RAII, so a throwing operator new restores it during unwinding.
class HookScope {
 public:
  HookScope() { t_tls.depth = 1; }
  ~HookScope() { t_tls.depth = 0; }
  HookScope(const HookScope&) = delete;
  HookScope& operator=(const HookScope&) = delete;
};

// The hook's own frame record: [0] = caller's saved frame pointer, [1] = return address into
// the caller. Stack capture starts there, so no tracker frame is ever walked or stripped.
#define LP_FRAME() (static_cast<const uintptr_t*>(__builtin_frame_address(0)))

// Each hook is split in two: the hook itself only checks whether to record and otherwise jumps to
// the original (no registers to save: hooks installed but not recording cost little), and a
// recording part out of line, entered by a tail jump from the hook (an optimizing build turns
// `return record_x(...)` into `leave; jmp`): the recording part's own frame record then sits where
// the hook's was, [1] the return address into the code that called malloc, and no second call and
// frame are paid. A build that keeps the call (-O0, sanitizers) leaves the hook's frame in between,
// recognised by its return address inside this module, and skipped.
//
// The recording part holds the guard (depth 1) from before the original's call until it returns.
// Its fast path (hot_path.h on_alloc_fast) calls nothing, and everything else goes on in a function
// entered by a tail jump, so it keeps only the size (and the thread's slot) across a call.

// The hook frame for the general recording path: the recording part's own frame record, or, in a build
// that kept the hook's frame (and maybe a recording part's) in between, the first record above them
// whose return address is outside this module.
__attribute__((always_inline)) inline const uintptr_t* recording_frame() {
  const uintptr_t* frame = LP_FRAME();
  for (int i = 0; i < 4 && __builtin_expect(in_own_module(frame[1]), 0); ++i)
    frame = reinterpret_cast<const uintptr_t*>(frame[0]);
  return frame;
}

#define LP_RECORDING __attribute__((noinline))

// The general path after an original allocation function returned p (null: nothing to record):
// records it and clears the guard. Entered by a tail jump (its frame record is the hook frame again).
LP_RECORDING void* record_allocated_slow(void* p, size_t size, uint16_t kind) {
  if (p) on_alloc(p, size, kind, recording_frame());
  t_tls.depth = 0;
  return p;
}
// Records the block p (or nothing, when null) that an original allocation function just returned; the
// guard is held and cleared here. Used in tail position: `return record_allocated(...)`.
__attribute__((always_inline)) inline void* record_allocated(void* p, size_t size, uint16_t kind) {
  if (__builtin_expect(p != nullptr, 1) && __builtin_expect(on_alloc_fast(p, size, kind, LP_FRAME()), 1)) {
    t_tls.depth = 0;
    return p;
  }
  return record_allocated_slow(p, size, kind);
}
// The same where more work follows (realloc): records p, keeps the guard.
__attribute__((always_inline)) inline void record_block(void* p, size_t size, uint16_t kind) {
  if (__builtin_expect(on_alloc_fast(p, size, kind, LP_FRAME()), 1)) return;
  on_alloc(p, size, kind, recording_frame());
}

// ---- C allocation functions -----------------------------------------------------------
// The C functions do not throw: the guard is set and cleared by plain stores.

LP_RECORDING void* record_malloc(size_t n) {
  t_tls.depth = 1;
  return record_allocated(g_orig.malloc(n), n, kKindMalloc);
}
void* hook_malloc(size_t n) {
  LP_GUARD_ALLOC(n, 1, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.malloc(n);
  return record_malloc(n);
}

LP_RECORDING void* record_calloc(size_t n, size_t s) {
  t_tls.depth = 1;
  return record_allocated(g_orig.calloc(n, s), n * s, kKindMalloc);  // calloc already failed on overflow
}
void* hook_calloc(size_t n, size_t s) {
  if (guard::enabled())
    if (void* p = guard::hook_calloc(n, s, LP_FRAME())) return p;
  if (!should_record()) return g_orig.calloc(n, s);
  return record_calloc(n, s);
}

LP_RECORDING void* record_realloc(void* old, size_t n) {
  HookScope g;
  if (!old) {
    void* p = g_orig.realloc(nullptr, n);
    if (p) record_block(p, n, kKindMalloc);
    return p;
  }
  // Forget the old block first: once the real realloc returns, its address may be reused.
  // A pointer that was never recorded stays untracked (its new block too).
  size_t old_size = 0;
  bool known = on_free_inline(old, &old_size);
  void* p = g_orig.realloc(old, n);
  if (known) {
    if (p) {
      record_block(p, n, kKindMalloc);
    } else if (n != 0) {
      on_alloc(old, old_size, kKindMalloc, recording_frame());  // realloc failed: the old block is still live
    }
  }
  return p;
}
void* hook_realloc(void* old, size_t n) {
  if (guard::owns(old) || (!old && guard::enabled()))
    if (void* r; guard::hook_realloc(old, n, LP_FRAME(), &r)) return r;
  if (!should_record()) return g_orig.realloc(old, n);
  return record_realloc(old, n);
}

// The original free runs after the guard, entered by a tail jump. That relies on it calling no hooked
// function: install() refuses an interposed malloc (originals.cc), and glibc's free calls no malloc-family
// function through a GOT entry. (operator delete keeps the guard around its original: it calls free
// through libstdc++'s patched GOT entry.) The fast path (hot_path.h on_free_hot) needs no frame, so it
// is inlined into the hook; anything else goes on in record_free_slow, entered by a tail jump with the
// guard still held (its HookScope clears it).
LP_RECORDING void record_free_slow(void* p) {
  {
    HookScope g;
    on_free_inline(p, nullptr);
  }
  return g_orig.free(p);
}
__attribute__((always_inline)) inline void record_free(void* p) {
  t_tls.depth = 1;
  ThreadState* ts = t_tls.state;
  if (__builtin_expect(ts != nullptr, 1) && __builtin_expect(on_free_hot(ts, p), 1)) {
    t_tls.depth = 0;
    return g_orig.free(p);
  }
  return record_free_slow(p);
}
void hook_free(void* p) {
  LP_GUARD_FREE(p, LP_FRAME());
  if (p && should_record()) return record_free(p);
  g_orig.free(p);
}

LP_RECORDING int record_posix_memalign(void** out, size_t align, size_t n) {
  HookScope g;
  int rc = g_orig.posix_memalign(out, align, n);
  if (rc == 0 && *out) record_block(*out, n, kKindMalloc);
  return rc;
}
int hook_posix_memalign(void** out, size_t align, size_t n) {
  if (guard::enabled() && align % sizeof(void*) == 0)  // invalid alignments: the real one returns EINVAL
    if (void* p = guard::hook_alloc(n, align, kKindMalloc, LP_FRAME())) return *out = p, 0;
  if (!should_record()) return g_orig.posix_memalign(out, align, n);
  return record_posix_memalign(out, align, n);
}

LP_RECORDING void* record_aligned_alloc(size_t align, size_t n) {
  t_tls.depth = 1;
  return record_allocated(g_orig.aligned_alloc(align, n), n, kKindMalloc);
}
void* hook_aligned_alloc(size_t align, size_t n) {
  LP_GUARD_ALLOC(n, align, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.aligned_alloc(align, n);
  return record_aligned_alloc(align, n);
}

LP_RECORDING void* record_memalign(size_t align, size_t n) {
  t_tls.depth = 1;
  return record_allocated(g_orig.memalign(align, n), n, kKindMalloc);
}
void* hook_memalign(size_t align, size_t n) {
  LP_GUARD_ALLOC(n, align, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.memalign(align, n);
  return record_memalign(align, n);
}

LP_RECORDING void* record_valloc(size_t n) {
  t_tls.depth = 1;
  return record_allocated(g_orig.valloc(n), n, kKindMalloc);
}
void* hook_valloc(size_t n) {
  LP_GUARD_ALLOC(n, 4096, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.valloc(n);
  return record_valloc(n);
}

// ---- operator new / delete ------------------------------------------------------------
// The throwing variants may throw std::bad_alloc through the guard: HookScope is RAII, so the depth is
// restored during unwinding. It ends with the original's call (record_allocated is a tail jump), and
// the guard is raised again for the recording.

#define LP_NEW_HOOK(fn, orig, params, args, size_expr, align_expr)       \
  LP_RECORDING void* record_##fn params {                               \
    void* p;                                                             \
    {                                                                    \
      HookScope g;                                                       \
      p = g_orig.orig args;                                              \
    }                                                                    \
    t_tls.depth = 1;                                                     \
    return record_allocated(p, size_expr, kKindNew);                     \
  }                                                                      \
  void* fn params {                                                      \
    LP_GUARD_ALLOC(n, align_expr, kKindNew, LP_FRAME());                 \
    if (!should_record()) return g_orig.orig args;                       \
    return record_##fn args;                                             \
  }

LP_NEW_HOOK(hook_new, new_, (size_t n), (n), n, 1)
LP_NEW_HOOK(hook_new_arr, new_arr, (size_t n), (n), n, 1)
LP_NEW_HOOK(hook_new_nt, new_nt, (size_t n, const void* t), (n, t), n, 1)
LP_NEW_HOOK(hook_new_arr_nt, new_arr_nt, (size_t n, const void* t), (n, t), n, 1)
LP_NEW_HOOK(hook_new_al, new_al, (size_t n, size_t a), (n, a), n, a)
LP_NEW_HOOK(hook_new_arr_al, new_arr_al, (size_t n, size_t a), (n, a), n, a)
LP_NEW_HOOK(hook_new_al_nt, new_al_nt, (size_t n, size_t a, const void* t), (n, a, t), n, a)
LP_NEW_HOOK(hook_new_arr_al_nt, new_arr_al_nt, (size_t n, size_t a, const void* t), (n, a, t), n, a)
#undef LP_NEW_HOOK

#define LP_DELETE_HOOK(fn, orig, params, args)                  \
  LP_RECORDING void record_##fn params {                        \
    HookScope g;                                                \
    on_free_inline(p, nullptr);                                 \
    g_orig.orig args;                                           \
  }                                                             \
  void fn params {                                              \
    LP_GUARD_FREE(p, LP_FRAME());                               \
    if (p && should_record()) return record_##fn args;          \
    g_orig.orig args;                                           \
  }

LP_DELETE_HOOK(hook_del, del, (void* p), (p))
LP_DELETE_HOOK(hook_del_arr, del_arr, (void* p), (p))
LP_DELETE_HOOK(hook_del_sz, del_sz, (void* p, size_t n), (p, n))
LP_DELETE_HOOK(hook_del_arr_sz, del_arr_sz, (void* p, size_t n), (p, n))
LP_DELETE_HOOK(hook_del_nt, del_nt, (void* p, const void* t), (p, t))
LP_DELETE_HOOK(hook_del_arr_nt, del_arr_nt, (void* p, const void* t), (p, t))
LP_DELETE_HOOK(hook_del_al, del_al, (void* p, size_t a), (p, a))
LP_DELETE_HOOK(hook_del_arr_al, del_arr_al, (void* p, size_t a), (p, a))
LP_DELETE_HOOK(hook_del_sz_al, del_sz_al, (void* p, size_t n, size_t a), (p, n, a))
LP_DELETE_HOOK(hook_del_arr_sz_al, del_arr_sz_al, (void* p, size_t n, size_t a), (p, n, a))
#undef LP_DELETE_HOOK
#undef LP_RECORDING

// ---- dlopen -----------------------------------------------------------------------------

// noinline: __builtin_return_address(0) must be the caller of dlopen (its RUNPATH applies).
__attribute__((noinline)) void* hook_dlopen(const char* file, int mode) {
  void* caller = __builtin_return_address(0);
  void* handle = dlopen_as_caller(file, mode, caller);
  if (handle && file) {
    ReentryGuard g;  // may run inside tracker code: nests
    patch_all_objects();  // objects loaded now (and their dependencies) get hooked
  }
  return handle;
}

}  // namespace

const HookEntry* hook_table(size_t* count) {
  // Built once after resolve_originals(); entries whose original is missing are skipped.
  static HookEntry table[40];
  static size_t n = 0;
  static bool built = false;
  if (!built) {
    auto add = [](const char* name, void* orig, void* hook) {
      if (orig) table[n++] = HookEntry{name, hook};
    };
    const Originals& o = g_orig;
    add("malloc", (void*)o.malloc, (void*)&hook_malloc);
    add("calloc", (void*)o.calloc, (void*)&hook_calloc);
    add("realloc", (void*)o.realloc, (void*)&hook_realloc);
    add("free", (void*)o.free, (void*)&hook_free);
    add("posix_memalign", (void*)o.posix_memalign, (void*)&hook_posix_memalign);
    add("aligned_alloc", (void*)o.aligned_alloc, (void*)&hook_aligned_alloc);
    add("memalign", (void*)o.memalign, (void*)&hook_memalign);
    add("valloc", (void*)o.valloc, (void*)&hook_valloc);
    add("dlopen", (void*)o.dlopen, (void*)&hook_dlopen);
    add("malloc_usable_size", guard::original_malloc_usable_size(), (void*)&guard::hook_malloc_usable_size);
    add("_Znwm", (void*)o.new_, (void*)&hook_new);
    add("_Znam", (void*)o.new_arr, (void*)&hook_new_arr);
    add("_ZnwmRKSt9nothrow_t", (void*)o.new_nt, (void*)&hook_new_nt);
    add("_ZnamRKSt9nothrow_t", (void*)o.new_arr_nt, (void*)&hook_new_arr_nt);
    add("_ZnwmSt11align_val_t", (void*)o.new_al, (void*)&hook_new_al);
    add("_ZnamSt11align_val_t", (void*)o.new_arr_al, (void*)&hook_new_arr_al);
    add("_ZnwmSt11align_val_tRKSt9nothrow_t", (void*)o.new_al_nt, (void*)&hook_new_al_nt);
    add("_ZnamSt11align_val_tRKSt9nothrow_t", (void*)o.new_arr_al_nt, (void*)&hook_new_arr_al_nt);
    add("_ZdlPv", (void*)o.del, (void*)&hook_del);
    add("_ZdaPv", (void*)o.del_arr, (void*)&hook_del_arr);
    add("_ZdlPvm", (void*)o.del_sz, (void*)&hook_del_sz);
    add("_ZdaPvm", (void*)o.del_arr_sz, (void*)&hook_del_arr_sz);
    add("_ZdlPvRKSt9nothrow_t", (void*)o.del_nt, (void*)&hook_del_nt);
    add("_ZdaPvRKSt9nothrow_t", (void*)o.del_arr_nt, (void*)&hook_del_arr_nt);
    add("_ZdlPvSt11align_val_t", (void*)o.del_al, (void*)&hook_del_al);
    add("_ZdaPvSt11align_val_t", (void*)o.del_arr_al, (void*)&hook_del_arr_al);
    add("_ZdlPvmSt11align_val_t", (void*)o.del_sz_al, (void*)&hook_del_sz_al);
    add("_ZdaPvmSt11align_val_t", (void*)o.del_arr_sz_al, (void*)&hook_del_arr_sz_al);
    built = true;
  }
  *count = n;
  return table;
}

}  // namespace leakproof
