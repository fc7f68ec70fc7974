// Resolve the ORIGINAL allocation functions from the libraries that define them.
// Never use &malloc here: in the non-PIE system node that is node's PLT stub, which jumps
// through node's (patched) GOT back into our hook.
#include <dlfcn.h>
#include <link.h>
#include <string.h>

#include "tracker.h"

namespace leakproof {

Originals g_orig;

namespace {

template <typename T>
void sym(void* handle, const char* name, T& out) {
  if (!handle) return;
  void* p = dlsym(handle, name);
  if (p) out = reinterpret_cast<T>(p);
}

void* open_loaded(const char* const* names) {
  for (const char* const* n = names; *n; ++n) {
    void* h = dlopen(*n, RTLD_NOW | RTLD_NOLOAD);
    if (h) return h;
  }
  return nullptr;
}

}  // namespace

bool resolve_originals() {
  if (g_orig.malloc && g_orig.free) return true;
  static const char* const libc_names[] = {"libc.so.6", nullptr};
  static const char* const cxx_names[] = {"libstdc++.so.6", nullptr};
  void* libc = open_loaded(libc_names);
  if (!libc) return false;
  // Handles from dlopen() are not dlclose()d: the libraries stay loaded for the process lifetime.
  Originals o;
  sym(libc, "malloc", o.malloc);
  sym(libc, "calloc", o.calloc);
  sym(libc, "realloc", o.realloc);
  sym(libc, "free", o.free);
  sym(libc, "posix_memalign", o.posix_memalign);
  sym(libc, "aligned_alloc", o.aligned_alloc);
  sym(libc, "memalign", o.memalign);
  sym(libc, "valloc", o.valloc);
  sym(libc, "dlopen", o.dlopen);
  if (!o.dlopen) {
    void* libdl = dlopen("libdl.so.2", RTLD_NOW | RTLD_NOLOAD);
    sym(libdl, "dlopen", o.dlopen);
  }
  if (!o.malloc || !o.calloc || !o.realloc || !o.free) return false;

  void* cxx = open_loaded(cxx_names);
  sym(cxx, "_Znwm", o.new_);
  sym(cxx, "_Znam", o.new_arr);
  sym(cxx, "_ZnwmRKSt9nothrow_t", o.new_nt);
  sym(cxx, "_ZnamRKSt9nothrow_t", o.new_arr_nt);
  sym(cxx, "_ZnwmSt11align_val_t", o.new_al);
  sym(cxx, "_ZnamSt11align_val_t", o.new_arr_al);
  sym(cxx, "_ZnwmSt11align_val_tRKSt9nothrow_t", o.new_al_nt);
  sym(cxx, "_ZnamSt11align_val_tRKSt9nothrow_t", o.new_arr_al_nt);
  sym(cxx, "_ZdlPv", o.del);
  sym(cxx, "_ZdaPv", o.del_arr);
  sym(cxx, "_ZdlPvm", o.del_sz);
  sym(cxx, "_ZdaPvm", o.del_arr_sz);
  sym(cxx, "_ZdlPvRKSt9nothrow_t", o.del_nt);
  sym(cxx, "_ZdaPvRKSt9nothrow_t", o.del_arr_nt);
  sym(cxx, "_ZdlPvSt11align_val_t", o.del_al);
  sym(cxx, "_ZdaPvSt11align_val_t", o.del_arr_al);
  sym(cxx, "_ZdlPvmSt11align_val_t", o.del_sz_al);
  sym(cxx, "_ZdaPvmSt11align_val_t", o.del_arr_sz_al);
  g_orig = o;
  return true;
}

// The first object in load order (after the executable) that DEFINES malloc is the allocator
// everybody binds to. If that is not libc (LD_PRELOAD'd jemalloc/tcmalloc, ASan), pairing our
// libc originals with blocks from that allocator would corrupt the heap: refuse to install.
const char* interposed_allocator() {
  struct Ctx {
    const char* found = nullptr;
    bool done = false;
  } ctx;
  static char name_buf[512];
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) -> int {
        auto* c = static_cast<Ctx*>(data);
        const char* name = info->dlpi_name;
        if (!name || !*name || strstr(name, "linux-vdso") || strstr(name, "ld-linux")) return 0;
        void* h = dlopen(name, RTLD_NOW | RTLD_NOLOAD);
        if (!h) return 0;
        void* m = dlsym(h, "malloc");
        dlclose(h);
        Dl_info di;
        link_map* lm = nullptr;
        if (!m || !dladdr1(m, &di, reinterpret_cast<void**>(&lm), RTLD_DL_LINKMAP) || !lm) return 0;
        if (lm->l_addr != info->dlpi_addr) return 0;  // found in a dependency, not defined here
        if (m != reinterpret_cast<void*>(g_orig.malloc)) {
          strncpy(name_buf, name, sizeof(name_buf) - 1);
          c->found = name_buf;
        }
        return 1;  // first definer decides
      },
      &ctx);
  return ctx.found;
}

}  // namespace leakproof
