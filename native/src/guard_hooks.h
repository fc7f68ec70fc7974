// Guard-page dispatch for the allocation hooks (hooks.cc): one line at the top of each hook.
// A guarded block is recorded in the tracker window like any other block (same kind, same
// stack), so every measurement gives the same results with guard mode on.
#pragma once

#include <cstddef>
#include <cstdint>

#include "guard_alloc.h"

namespace leakproof {
namespace guard {

// A guarded block (recorded in the tracker window if one is recording), or null: use the real
// allocator. Skipped inside tracker code (its own allocations are never guarded).
void* hook_alloc(size_t size, size_t align, uint16_t kind, const uintptr_t* frame);
void* hook_calloc(size_t count, size_t each, const uintptr_t* frame);
// p is guarded (owns(p)): forget it in the tracker window, then release it to the quarantine.
void hook_free(void* p, const uintptr_t* frame);
// realloc when old is guarded, or old is null and guarding is on. Returns true when handled
// (*out is the result), false when the caller must run its usual path.
bool hook_realloc(void* old, size_t size, const uintptr_t* frame, void** out);
// Finds the address ranges of libc (requests libc makes for itself are never guarded) and of
// node itself (the executable, or libnode.so: skipped in 'addons' scope). Called once by
// configure() before guarding starts.
void locate_modules();
// malloc_usable_size (V8 calls it on every zone segment): a guarded block's usable size is its
// requested size; anything else goes to libc. Hooked whether or not guarding is on.
void* original_malloc_usable_size();
size_t hook_malloc_usable_size(void* p);

}  // namespace guard
}  // namespace leakproof

// frame: the hook's own frame record, as for on_alloc.
#define LP_GUARD_ALLOC(size, align, kind, frame)                                                       \
  do {                                                                                                 \
    if (__builtin_expect(::leakproof::guard::enabled(), 0))                                            \
      if (void* guarded_ = ::leakproof::guard::hook_alloc((size), (align), (kind), (frame))) return guarded_; \
  } while (0)
#define LP_GUARD_FREE(p, frame)                                 \
  do {                                                          \
    if (__builtin_expect(::leakproof::guard::owns(p), 0)) {     \
      ::leakproof::guard::hook_free((p), (frame));              \
      return;                                                   \
    }                                                           \
  } while (0)
