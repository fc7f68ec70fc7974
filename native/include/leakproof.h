/*
 * leakproof C API for native code under test.
 *
 * Report custom resources (pool slots, audio buffers, handles...) to the leakproof
 * native tracker. While a tracking window is recording, each tracked pointer is kept in
 * the live-allocation table with its kind string and the caller's stack, exactly like a
 * malloc'd block, until leakproof_untrack() is called for it.
 *
 * The symbols are exported by the leakproof addon (leakproof_native.node) and only exist
 * when that addon is loaded. Your library must keep working without it, so resolve them
 * at runtime instead of linking against them:
 *
 *   // 1) weak symbols (ELF): null when leakproof is not loaded (or loaded later, with RTLD_LOCAL)
 *   #define LEAKPROOF_WEAK
 *   #include <leakproof.h>
 *   if (leakproof_track) leakproof_track(p, n, "pool");
 *
 *   // 2) dlsym at runtime (recommended: node loads addons RTLD_LOCAL, so a weak reference
 *   //    or dlsym(RTLD_DEFAULT) usually stays null). The resolver below does it for you:
 *   #define LEAKPROOF_RESOLVER
 *   #include <leakproof.h>
 *   leakproof_track_fn track; leakproof_untrack_fn untrack;
 *   if (leakproof_resolve(&track, &untrack)) track(p, n, "pool");
 *   // (or dlopen(require('@leakproof/native').binaryPath, RTLD_NOW | RTLD_NOLOAD) + dlsym.)
 *
 * Both functions are cheap no-ops when no window is recording, never allocate through the
 * tracked heap, are thread-safe and async-signal-unsafe (do not call from signal handlers).
 * Custom resources appear in liveByStack() under their kind; they are NOT added to the
 * malloc byte counters (a pool's slab is usually malloc'd already: no double counting).
 */
#ifndef LEAKPROOF_H
#define LEAKPROOF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*leakproof_track_fn)(const void* ptr, size_t size, const char* kind);
typedef void (*leakproof_untrack_fn)(const void* ptr);

#if defined(LEAKPROOF_WEAK)
#define LEAKPROOF_DECL __attribute__((weak))
#elif defined(LEAKPROOF_BUILDING)
#define LEAKPROOF_DECL __attribute__((visibility("default")))
#else
#define LEAKPROOF_DECL
#endif

/* Record `ptr` (a custom resource of `size` bytes, kind e.g. "pool") as live.
 * `kind` is copied (interned); at most 255 distinct kinds, longer than 63 chars truncated. */
LEAKPROOF_DECL void leakproof_track(const void* ptr, size_t size, const char* kind);
/* Forget `ptr`. Unknown pointers are ignored. */
LEAKPROOF_DECL void leakproof_untrack(const void* ptr);

#ifdef __cplusplus
}
#endif

/*
 * Optional header-only resolver (define LEAKPROOF_RESOLVER before including; needs -ldl on
 * old glibc). Finds the functions whatever the load order and RTLD_LOCAL: first the global
 * scope, then any loaded object named "*leakproof_native.node" (dlopen RTLD_NOLOAD + dlsym).
 * Returns 1 when both were found. Call it lazily (e.g. at first use): leakproof may be loaded
 * after your library.
 */
#if defined(LEAKPROOF_RESOLVER) && !defined(LEAKPROOF_BUILDING)
#include <dlfcn.h>
#include <link.h>
#include <string.h>

static int leakproof__find_cb(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  const char* name = info->dlpi_name;
  size_t n = name ? strlen(name) : 0;
  static const char suffix[] = "leakproof_native.node";
  if (n >= sizeof(suffix) - 1 && strcmp(name + n - (sizeof(suffix) - 1), suffix) == 0) {
    *(const char**)data = name;
    return 1;
  }
  return 0;
}

static inline int leakproof_resolve(leakproof_track_fn* track, leakproof_untrack_fn* untrack) {
  void* t = dlsym(RTLD_DEFAULT, "leakproof_track");
  void* u = dlsym(RTLD_DEFAULT, "leakproof_untrack");
  if (!t || !u) {
    const char* path = NULL;
    dl_iterate_phdr(leakproof__find_cb, &path);
    if (path) {
      void* h = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
      if (h) {
        t = dlsym(h, "leakproof_track");
        u = dlsym(h, "leakproof_untrack");
        dlclose(h); /* NOLOAD handle: the addon stays loaded (node never unloads addons) */
      }
    }
  }
  *track = (leakproof_track_fn)t;
  *untrack = (leakproof_untrack_fn)u;
  return t && u;
}
#endif

#endif /* LEAKPROOF_H */
