// Glue between the allocation hooks, the guard allocator and the tracker window.
#include "guard_hooks.h"

#include <dlfcn.h>
#include <link.h>

#include <cstring>

#include "tracker.h"

namespace leakproof {
namespace guard {
namespace {

inline bool inside_tracker() { return t_tls.depth != 0; }

// libc's own calls to malloc and free reach the hooks (in a non-PIE node, libc's GLOB_DAT slots
// for them resolve to node's canonical PLT entries, which are patched), but its calls to realloc
// do not: getline() growing a buffer that fopen()/getline() got from a guarded malloc would hand
// a guard-pool pointer to the real realloc. So blocks requested from inside libc are never
// guarded (they are libc's business, not the code under test's).
struct Range {
  uintptr_t lo = 0, hi = 0;
  bool contains(uintptr_t ip) const { return ip - lo < hi - lo; }
};
Range g_libc, g_node, g_libnode;

void add_segments(const dl_phdr_info* info, Range& r) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + ph.p_vaddr, hi = lo + ph.p_memsz;
    if (!r.lo || lo < r.lo) r.lo = lo;
    if (hi > r.hi) r.hi = hi;
  }
}

// The first object listed is the main program (node); libc and libnode by file name.
int find_modules(dl_phdr_info* info, size_t, void* first) {
  const char* name = info->dlpi_name ? info->dlpi_name : "";
  const char* slash = strrchr(name, '/');
  const char* base = slash ? slash + 1 : name;
  if (*static_cast<bool*>(first)) {
    add_segments(info, g_node);
    *static_cast<bool*>(first) = false;
  } else if (strncmp(base, "libc.so", 7) == 0) {
    add_segments(info, g_libc);
  } else if (strncmp(base, "libnode.so", 10) == 0) {
    add_segments(info, g_libnode);
  }
  return 0;
}

// 'addons' scope: the request came straight from node / V8 / libuv (not from an addon, not
// through a library an addon called): not the code under test, and it would fill the pool.
inline bool called_from_node(uintptr_t ip) { return g_node.contains(ip) || g_libnode.contains(ip); }
inline bool window_recording() { return g_recording.load(std::memory_order_relaxed) && !inside_tracker(); }

void* record_alloc(void* p, size_t size, uint16_t kind, const uintptr_t* frame) {
  if (p && window_recording()) {
    ReentryGuard g;
    on_alloc(p, size, kind, frame);
  }
  return p;
}

}  // namespace

void locate_modules() {
  bool first = true;
  dl_iterate_phdr(find_modules, &first);
}

// Set when an operator new request was not guarded: the malloc that libstdc++'s operator new
// makes next on this thread for that request is not guarded either (it is the same block, and
// its caller, libstdc++, would pass the scope check that node's own `new` failed).
__thread bool t_skip_nested_malloc __attribute__((tls_model("initial-exec"))) = false;

void* hook_alloc(size_t size, size_t align, uint16_t kind, const uintptr_t* frame) {
  if (t_skip_nested_malloc) {
    t_skip_nested_malloc = false;
    if (kind == kKindMalloc) return nullptr;
  }
  const uintptr_t caller = frame[1];
  void* p = nullptr;
  if (!inside_tracker() && !g_libc.contains(caller) &&
      !(g_addons_only.load(std::memory_order_relaxed) && called_from_node(caller)))
    p = maybe_allocate(size, align, static_cast<uint8_t>(kind), frame);
  if (!p) {
    t_skip_nested_malloc = kind == kKindNew;
    return nullptr;
  }
  return record_alloc(p, size, kind, frame);
}

void* hook_calloc(size_t count, size_t each, const uintptr_t* frame) {
  size_t bytes;
  if (__builtin_mul_overflow(count, each, &bytes)) return nullptr;  // the real calloc fails it
  void* p = hook_alloc(bytes, 1, kKindMalloc, frame);
  if (p) memset(p, 0, bytes);  // a reused slot keeps its previous contents
  return p;
}

void hook_free(void* p, const uintptr_t* frame) {
  if (window_recording()) {
    ReentryGuard g;
    on_free(p);
  }
  release(p, frame);
}

bool hook_realloc(void* old, size_t size, const uintptr_t* frame, void** out) {
  if (!old) {
    if (!enabled() || inside_tracker()) return false;
    void* p = hook_alloc(size, 1, kKindMalloc, frame);
    if (!p) return false;
    *out = p;
    return true;
  }
  if (!owns(old)) return false;
  const size_t old_size = block_size(old);  // 0 for a bad pointer: release() reports it
  if (size == 0) {  // glibc: realloc(p, 0) frees p and returns null
    hook_free(old, frame);
    *out = nullptr;
    return true;
  }
  // A guarded block stays guarded while the pool has room; otherwise it moves to the real heap.
  void* p = allocate_now(size, 1, kKindMalloc, frame);
  if (!p) p = g_orig.malloc(size);
  if (!p) {
    *out = nullptr;  // like realloc: the old block is untouched and still owned by the caller
    return true;
  }
  if (old_size) memcpy(p, old, old_size < size ? old_size : size);
  hook_free(old, frame);
  record_alloc(p, size, kKindMalloc, frame);
  *out = p;
  return true;
}

using UsableSizeFn = size_t (*)(void*);
UsableSizeFn g_orig_usable_size = nullptr;

void* original_malloc_usable_size() {
  if (!g_orig_usable_size) {
    if (void* libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD)) {
      g_orig_usable_size = reinterpret_cast<UsableSizeFn>(dlsym(libc, "malloc_usable_size"));
      dlclose(libc);
    }
  }
  return reinterpret_cast<void*>(g_orig_usable_size);
}

size_t hook_malloc_usable_size(void* p) {
  if (__builtin_expect(owns(p), 0)) return block_size(p);
  return g_orig_usable_size(p);
}

}  // namespace guard
}  // namespace leakproof
