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
 *   // 2) dlsym (works whenever the addon is loaded, whatever the load order):
 *   auto track = (leakproof_track_fn)dlsym(RTLD_DEFAULT, "leakproof_track");
 *   // node loads addons RTLD_LAZY|RTLD_LOCAL, so RTLD_DEFAULT may miss it: fall back to
 *   // dlopen("<path to leakproof_native.node>", RTLD_NOW | RTLD_NOLOAD) + dlsym.
 *   // leakproof_native_path() in JS (require('@leakproof/native').binaryPath) gives the path.
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

#endif /* LEAKPROOF_H */
