#include "dlopen_hook.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "tracker.h"

namespace leakproof {
namespace {

// Fixed buffers only: this runs inside a hook.
struct PathBuf {
  char s[PATH_MAX];
};

bool origin_of(const link_map* lm, PathBuf& out) {
  const char* name = lm->l_name;
  if (!name || !*name) {
    ssize_t n = readlink("/proc/self/exe", out.s, sizeof(out.s) - 1);
    if (n <= 0) return false;
    out.s[n] = 0;
  } else {
    size_t len = strnlen(name, sizeof(out.s) - 1);
    memcpy(out.s, name, len);
    out.s[len] = 0;
  }
  char* slash = strrchr(out.s, '/');
  if (!slash) return false;
  *slash = 0;
  return true;
}

// Expand one search-path entry ($ORIGIN / ${ORIGIN} only) into dir.
bool expand_dir(const char* begin, size_t len, const char* origin, PathBuf& dir) {
  size_t o = 0;
  for (size_t i = 0; i < len;) {
    const char* rest = begin + i;
    size_t add_len = 0;
    const char* add = nullptr;
    if (strncmp(rest, "$ORIGIN", 7) == 0 && len - i >= 7) {
      if (!origin) return false;
      add = origin, add_len = strlen(origin), i += 7;
    } else if (strncmp(rest, "${ORIGIN}", 9) == 0 && len - i >= 9) {
      if (!origin) return false;
      add = origin, add_len = strlen(origin), i += 9;
    } else if (*rest == '$') {
      return false;  // $LIB / $PLATFORM: leave to the loader
    } else {
      add = rest, add_len = 1, i += 1;
    }
    if (o + add_len + 1 >= sizeof(dir.s)) return false;
    memcpy(dir.s + o, add, add_len);
    o += add_len;
  }
  dir.s[o] = 0;
  return o > 0;
}

uintptr_t dyn_ptr(uintptr_t v, uintptr_t base) { return v < base ? v + base : v; }

}  // namespace

void* dlopen_as_caller(const char* file, int mode, const void* caller) {
  auto real = g_orig.dlopen;
  if (!real) return nullptr;
  if (!file || strchr(file, '/')) return real(file, mode);
  // Already loaded (by soname / name)? The loader then ignores search paths anyway.
  if (void* h = real(file, (mode & ~RTLD_NOLOAD) | RTLD_NOLOAD)) {
    dlclose(h);
    return real(file, mode);
  }
  Dl_info info;
  link_map* lm = nullptr;
  if (!dladdr1(caller, &info, reinterpret_cast<void**>(&lm), RTLD_DL_LINKMAP) || !lm || !lm->l_ld)
    return real(file, mode);
  const char* strtab = nullptr;
  uintptr_t runpath = 0, rpath = 0;
  bool has_runpath = false, has_rpath = false;
  for (const ElfW(Dyn)* d = lm->l_ld; d->d_tag != DT_NULL; ++d) {
    if (d->d_tag == DT_STRTAB) strtab = reinterpret_cast<const char*>(dyn_ptr(d->d_un.d_ptr, lm->l_addr));
    if (d->d_tag == DT_RUNPATH) runpath = d->d_un.d_val, has_runpath = true;
    if (d->d_tag == DT_RPATH) rpath = d->d_un.d_val, has_rpath = true;
  }
  if (!strtab || (!has_runpath && !has_rpath)) return real(file, mode);
  const char* paths = strtab + (has_runpath ? runpath : rpath);
  PathBuf origin;
  bool have_origin = origin_of(lm, origin);
  for (const char* p = paths; *p;) {
    const char* end = strchr(p, ':');
    size_t len = end ? static_cast<size_t>(end - p) : strlen(p);
    PathBuf dir;
    if (len && expand_dir(p, len, have_origin ? origin.s : nullptr, dir)) {
      PathBuf full;
      int n = snprintf(full.s, sizeof(full.s), "%s/%s", dir.s, file);
      if (n > 0 && static_cast<size_t>(n) < sizeof(full.s) && access(full.s, F_OK) == 0) {
        if (void* h = real(full.s, mode)) return h;
      }
    }
    if (!end) break;
    p = end + 1;
  }
  return real(file, mode);
}

}  // namespace leakproof
