// GOT/PLT patching: for every loaded object (except the loader, the vdso, libc and this
// addon) rewrite the JUMP_SLOT / GLOB_DAT relocation targets of the hooked symbols.
// GOTs under PT_GNU_RELRO are read-only (BIND_NOW): mprotect writable, store, restore.
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tracker.h"

namespace leakproof {

uintptr_t g_own_lo = 0, g_own_hi = 0;

namespace {

#if defined(__x86_64__)
constexpr uint32_t kJumpSlot = R_X86_64_JUMP_SLOT;
constexpr uint32_t kGlobDat = R_X86_64_GLOB_DAT;
#elif defined(__aarch64__)
constexpr uint32_t kJumpSlot = R_AARCH64_JUMP_SLOT;
constexpr uint32_t kGlobDat = R_AARCH64_GLOB_DAT;
#else
#error "leakproof native tracker supports x86-64 and arm64 only"
#endif

uintptr_t g_own_base = 0;
pthread_mutex_t g_patch_mutex = PTHREAD_MUTEX_INITIALIZER;

struct MutexLock {
  explicit MutexLock(pthread_mutex_t* m) : m_(m) { pthread_mutex_lock(m_); }
  ~MutexLock() { pthread_mutex_unlock(m_); }
  pthread_mutex_t* m_;
};

struct ObjectView {
  uintptr_t base = 0;
  const ElfW(Sym)* symtab = nullptr;
  const char* strtab = nullptr;
  uintptr_t relro_lo = 0, relro_hi = 0;
};

uintptr_t dyn_ptr(uintptr_t v, uintptr_t base) { return v < base ? v + base : v; }

bool ends_with_soname(const char* path, const char* soname_prefix) {
  const char* slash = strrchr(path, '/');
  const char* file = slash ? slash + 1 : path;
  return strncmp(file, soname_prefix, strlen(soname_prefix)) == 0;
}

bool is_excluded(const dl_phdr_info* info) {
  const char* name = info->dlpi_name ? info->dlpi_name : "";
  uintptr_t vdso = getauxval(AT_SYSINFO_EHDR);
  uintptr_t phdr = reinterpret_cast<uintptr_t>(info->dlpi_phdr);
  if (vdso && phdr >= vdso && phdr < vdso + 0x10000) return true;      // vdso
  if (strstr(name, "linux-vdso") || strstr(name, "linux-gate")) return true;
  if (ends_with_soname(name, "ld-linux") || ends_with_soname(name, "ld64.so")) return true;  // loader
  if (ends_with_soname(name, "libc.so")) return true;                  // libc itself
  if (g_own_base && info->dlpi_addr == g_own_base) return true;        // ourselves
  // Interpreter by PT_INTERP-less objects with the loader's base (belt and braces)
  return false;
}

void write_slot(const ObjectView& obj, uintptr_t slot, void* value) {
  void** p = reinterpret_cast<void**>(slot);
  if (__atomic_load_n(p, __ATOMIC_RELAXED) == value) return;
  bool relro = slot >= obj.relro_lo && slot + sizeof(void*) <= obj.relro_hi;
  if (!relro) {
    __atomic_store_n(p, value, __ATOMIC_RELEASE);
    return;
  }
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t start = slot & ~static_cast<uintptr_t>(page - 1);
  if (mprotect(reinterpret_cast<void*>(start), page, PROT_READ | PROT_WRITE) != 0) return;
  __atomic_store_n(p, value, __ATOMIC_RELEASE);
  mprotect(reinterpret_cast<void*>(start), page, PROT_READ);
}

// Returns number of slots pointing at our hooks after processing.
template <typename Rel>
int patch_relocs(const ObjectView& obj, const Rel* rel, size_t bytes, const HookEntry* hooks,
                 size_t nhooks) {
  int hooked = 0;
  size_t n = bytes / sizeof(Rel);
  for (size_t i = 0; i < n; ++i) {
#if defined(__LP64__)
    uint32_t type = ELF64_R_TYPE(rel[i].r_info);
    uint32_t symi = ELF64_R_SYM(rel[i].r_info);
#else
    uint32_t type = ELF32_R_TYPE(rel[i].r_info);
    uint32_t symi = ELF32_R_SYM(rel[i].r_info);
#endif
    if ((type != kJumpSlot && type != kGlobDat) || symi == 0) continue;
    const char* name = obj.strtab + obj.symtab[symi].st_name;
    if (name[0] != 'm' && name[0] != 'c' && name[0] != 'r' && name[0] != 'f' && name[0] != 'p' &&
        name[0] != 'a' && name[0] != 'v' && name[0] != 'd' && name[0] != '_')
      continue;
    for (size_t h = 0; h < nhooks; ++h) {
      if (strcmp(name, hooks[h].name) == 0) {
        write_slot(obj, obj.base + rel[i].r_offset, hooks[h].hook);
        ++hooked;
        break;
      }
    }
  }
  return hooked;
}

int patch_object(const dl_phdr_info* info) {
  ObjectView obj;
  obj.base = info->dlpi_addr;
  const ElfW(Dyn)* dyn = nullptr;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_DYNAMIC) dyn = reinterpret_cast<const ElfW(Dyn)*>(obj.base + ph.p_vaddr);
    if (ph.p_type == PT_GNU_RELRO) {
      obj.relro_lo = obj.base + ph.p_vaddr;
      obj.relro_hi = obj.relro_lo + ph.p_memsz;
    }
  }
  if (!dyn) return 0;
  uintptr_t jmprel = 0, pltrelsz = 0, rela = 0, relasz = 0, rel = 0, relsz = 0;
  int64_t pltrel = DT_RELA;
  for (const ElfW(Dyn)* d = dyn; d->d_tag != DT_NULL; ++d) {
    switch (d->d_tag) {
      case DT_SYMTAB: obj.symtab = reinterpret_cast<const ElfW(Sym)*>(dyn_ptr(d->d_un.d_ptr, obj.base)); break;
      case DT_STRTAB: obj.strtab = reinterpret_cast<const char*>(dyn_ptr(d->d_un.d_ptr, obj.base)); break;
      case DT_JMPREL: jmprel = dyn_ptr(d->d_un.d_ptr, obj.base); break;
      case DT_PLTRELSZ: pltrelsz = d->d_un.d_val; break;
      case DT_PLTREL: pltrel = d->d_un.d_val; break;
      case DT_RELA: rela = dyn_ptr(d->d_un.d_ptr, obj.base); break;
      case DT_RELASZ: relasz = d->d_un.d_val; break;
      case DT_REL: rel = dyn_ptr(d->d_un.d_ptr, obj.base); break;
      case DT_RELSZ: relsz = d->d_un.d_val; break;
      default: break;
    }
  }
  if (!obj.symtab || !obj.strtab) return 0;
  size_t nhooks = 0;
  const HookEntry* hooks = hook_table(&nhooks);
  int hooked = 0;
  if (jmprel && pltrelsz) {
    if (pltrel == DT_RELA)
      hooked += patch_relocs(obj, reinterpret_cast<const ElfW(Rela)*>(jmprel), pltrelsz, hooks, nhooks);
    else
      hooked += patch_relocs(obj, reinterpret_cast<const ElfW(Rel)*>(jmprel), pltrelsz, hooks, nhooks);
  }
  if (rela && relasz)
    hooked += patch_relocs(obj, reinterpret_cast<const ElfW(Rela)*>(rela), relasz, hooks, nhooks);
  if (rel && relsz)
    hooked += patch_relocs(obj, reinterpret_cast<const ElfW(Rel)*>(rel), relsz, hooks, nhooks);
  return hooked;
}

int phdr_callback(dl_phdr_info* info, size_t, void* data) {
  if (is_excluded(info)) return 0;
  if (patch_object(info) > 0) ++*static_cast<int*>(data);
  return 0;
}

}  // namespace

void init_own_module() {
  if (g_own_hi) return;
  Dl_info di;
  link_map* lm = nullptr;
  if (!dladdr1(reinterpret_cast<void*>(&init_own_module), &di, reinterpret_cast<void**>(&lm),
               RTLD_DL_LINKMAP) || !lm)
    return;
  g_own_base = lm->l_addr;
  // Find our executable PT_LOAD range.
  struct Ctx { uintptr_t base, lo, hi; } ctx{lm->l_addr, 0, 0};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) -> int {
        auto* c = static_cast<Ctx*>(data);
        if (info->dlpi_addr != c->base) return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
            c->lo = info->dlpi_addr + ph.p_vaddr;
            c->hi = c->lo + ph.p_memsz;
          }
        }
        return 1;
      },
      &ctx);
  g_own_lo = ctx.lo;
  g_own_hi = ctx.hi;
}


void patch_lock_for_fork() { pthread_mutex_lock(&g_patch_mutex); }
void patch_unlock_after_fork() { pthread_mutex_unlock(&g_patch_mutex); }

int patch_all_objects() {
  MutexLock lock(&g_patch_mutex);
  int objects = 0;
  dl_iterate_phdr(phdr_callback, &objects);
  return objects;
}

}  // namespace leakproof
