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
#include "tracker.h"

namespace leakproof {

__thread TlsSlot t_tls __attribute__((tls_model("initial-exec"))) = {0, nullptr};

namespace {

inline bool should_record() {
  return __builtin_expect(g_recording.load(std::memory_order_relaxed), 0) && __builtin_expect(t_tls.depth == 0, 1);
}

// The hook's own frame record: [0] = caller's saved frame pointer, [1] = return address into
// the caller. Stack capture starts there, so no tracker frame is ever walked or stripped.
#define LP_FRAME() (static_cast<const uintptr_t*>(__builtin_frame_address(0)))

inline void record_release(void* p) {
  if (p) on_free(p);
}

// ---- C allocation functions -----------------------------------------------------------

void* hook_malloc(size_t n) {
  LP_GUARD_ALLOC(n, 1, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.malloc(n);
  ReentryGuard g;
  void* p = g_orig.malloc(n);
  if (p) on_alloc(p, n, kKindMalloc, LP_FRAME());
  return p;
}

void* hook_calloc(size_t n, size_t s) {
  if (guard::enabled())
    if (void* p = guard::hook_calloc(n, s, LP_FRAME())) return p;
  if (!should_record()) return g_orig.calloc(n, s);
  ReentryGuard g;
  void* p = g_orig.calloc(n, s);
  if (p) on_alloc(p, n * s, kKindMalloc, LP_FRAME());  // calloc already failed on overflow
  return p;
}

void* hook_realloc(void* old, size_t n) {
  if (guard::owns(old) || (!old && guard::enabled()))
    if (void* r; guard::hook_realloc(old, n, LP_FRAME(), &r)) return r;
  if (!should_record()) return g_orig.realloc(old, n);
  ReentryGuard g;
  if (!old) {
    void* p = g_orig.realloc(nullptr, n);
    if (p) on_alloc(p, n, kKindMalloc, LP_FRAME());
    return p;
  }
  // Forget the old block first: once the real realloc returns, its address may be reused.
  // A pointer that was never recorded stays untracked (its new block too).
  size_t old_size = 0;
  bool known = on_free(old, &old_size);
  void* p = g_orig.realloc(old, n);
  if (known) {
    if (p) {
      on_alloc(p, n, kKindMalloc, LP_FRAME());
    } else if (n != 0) {
      on_alloc(old, old_size, kKindMalloc, LP_FRAME());  // realloc failed: the old block is still live
    }
  }
  return p;
}

void hook_free(void* p) {
  LP_GUARD_FREE(p, LP_FRAME());
  if (p && should_record()) {
    ReentryGuard g;
    record_release(p);
    g_orig.free(p);
    return;
  }
  g_orig.free(p);
}

int hook_posix_memalign(void** out, size_t align, size_t n) {
  if (guard::enabled() && align % sizeof(void*) == 0)  // invalid alignments: the real one returns EINVAL
    if (void* p = guard::hook_alloc(n, align, kKindMalloc, LP_FRAME())) return *out = p, 0;
  if (!should_record()) return g_orig.posix_memalign(out, align, n);
  ReentryGuard g;
  int rc = g_orig.posix_memalign(out, align, n);
  if (rc == 0 && *out) on_alloc(*out, n, kKindMalloc, LP_FRAME());
  return rc;
}

void* hook_aligned_alloc(size_t align, size_t n) {
  LP_GUARD_ALLOC(n, align, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.aligned_alloc(align, n);
  ReentryGuard g;
  void* p = g_orig.aligned_alloc(align, n);
  if (p) on_alloc(p, n, kKindMalloc, LP_FRAME());
  return p;
}

void* hook_memalign(size_t align, size_t n) {
  LP_GUARD_ALLOC(n, align, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.memalign(align, n);
  ReentryGuard g;
  void* p = g_orig.memalign(align, n);
  if (p) on_alloc(p, n, kKindMalloc, LP_FRAME());
  return p;
}

void* hook_valloc(size_t n) {
  LP_GUARD_ALLOC(n, 4096, kKindMalloc, LP_FRAME());
  if (!should_record()) return g_orig.valloc(n);
  ReentryGuard g;
  void* p = g_orig.valloc(n);
  if (p) on_alloc(p, n, kKindMalloc, LP_FRAME());
  return p;
}

// ---- operator new / delete ------------------------------------------------------------
// The throwing variants may throw std::bad_alloc through the guard: ReentryGuard is RAII,
// so the depth is restored during unwinding.

#define LP_NEW_HOOK(fn, orig, params, args, size_expr, align_expr) \
  void* fn params {                                          \
    LP_GUARD_ALLOC(n, align_expr, kKindNew, LP_FRAME());     \
    if (!should_record()) return g_orig.orig args;           \
    ReentryGuard g;                                          \
    void* p = g_orig.orig args;                              \
    if (p) on_alloc(p, size_expr, kKindNew, LP_FRAME());     \
    return p;                                                \
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

#define LP_DELETE_HOOK(fn, orig, params, args)               \
  void fn params {                                           \
    LP_GUARD_FREE(p, LP_FRAME());                            \
    if (p && should_record()) {                              \
      ReentryGuard g;                                        \
      record_release(p);                                     \
      g_orig.orig args;                                      \
      return;                                                \
    }                                                        \
    g_orig.orig args;                                        \
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

// ---- dlopen -----------------------------------------------------------------------------

// noinline: __builtin_return_address(0) must be the caller of dlopen (its RUNPATH applies).
__attribute__((noinline)) void* hook_dlopen(const char* file, int mode) {
  void* caller = __builtin_return_address(0);
  void* handle = dlopen_as_caller(file, mode, caller);
  if (handle && file) {
    ReentryGuard g;
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
