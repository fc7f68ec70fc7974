// Test addon for @leakproof/native: functions with known leaks and their clean twins.
// Compiled -O0 -g -fno-omit-frame-pointer; allocation sites carry marker comments that the
// tests look up to check symbolized file:line.
#include <dlfcn.h>
#include <napi.h>
#include <sys/wait.h>
#include <unistd.h>

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#define LEAKPROOF_RESOLVER
#include <leakproof.h>

extern "C" void* testdep_leak(size_t bytes);

namespace {

// ---- plain leaks and clean twins ------------------------------------------------------

__attribute__((noinline)) void* leak_malloc_impl(size_t bytes) {
  void* p = malloc(bytes);  // LEAK_MALLOC_SITE
  if (p) memset(p, 0xab, bytes);
  return p;
}

Napi::Value LeakMalloc(const Napi::CallbackInfo& info) {
  size_t bytes = info[0].As<Napi::Number>().Uint32Value();
  leak_malloc_impl(bytes);
  return info.Env().Undefined();
}

Napi::Value CleanMalloc(const Napi::CallbackInfo& info) {
  size_t bytes = info[0].As<Napi::Number>().Uint32Value();
  void* p = malloc(bytes);  // CLEAN_MALLOC_SITE
  if (p) memset(p, 0xcd, bytes);
  free(p);
  return info.Env().Undefined();
}

__attribute__((noinline)) char* leak_new_array_impl(size_t n) {
  char* p = new char[n];  // LEAK_NEW_SITE
  memset(p, 1, n);
  return p;
}

Napi::Value LeakNewArray(const Napi::CallbackInfo& info) {
  leak_new_array_impl(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

Napi::Value CleanNewArray(const Napi::CallbackInfo& info) {
  size_t n = info[0].As<Napi::Number>().Uint32Value();
  char* p = new char[n];
  memset(p, 1, n);
  delete[] p;
  return info.Env().Undefined();
}

// ---- custom resources through the C API (a pool allocated before any tracking) --------

struct Pool {
  static constexpr size_t kSlot = 4096;
  static constexpr size_t kSlots = 16384;  // 64 MiB of address space, touched only when used
  char* slab = nullptr;
  std::vector<size_t> free_slots;
  std::mutex mu;
  Pool() {
    slab = static_cast<char*>(malloc(kSlot * kSlots));
    for (size_t i = kSlots; i > 0; --i) free_slots.push_back(i - 1);
  }
  void* take() {
    std::lock_guard<std::mutex> l(mu);
    if (free_slots.empty()) return nullptr;
    size_t i = free_slots.back();
    free_slots.pop_back();
    return slab + i * kSlot;
  }
  void give(void* p) {
    std::lock_guard<std::mutex> l(mu);
    free_slots.push_back((static_cast<char*>(p) - slab) / kSlot);
  }
};
Pool& pool() {
  static Pool p;
  return p;
}

leakproof_track_fn g_track = nullptr;
leakproof_untrack_fn g_untrack = nullptr;
void resolve_leakproof() {
  if (!g_track) leakproof_resolve(&g_track, &g_untrack);  // lazily: leakproof may load later
}

__attribute__((noinline)) void* pool_acquire(size_t bytes) {
  void* p = pool().take();
  resolve_leakproof();
  if (p && g_track) g_track(p, bytes, "pool");  // LEAK_TRACKED_SITE
  return p;
}

void pool_release(void* p) {
  if (g_untrack) g_untrack(p);
  pool().give(p);
}

Napi::Value LeakTracked(const Napi::CallbackInfo& info) {
  void* p = pool_acquire(info[0].As<Napi::Number>().Uint32Value());
  return Napi::Boolean::New(info.Env(), p != nullptr);
}

Napi::Value CleanTracked(const Napi::CallbackInfo& info) {
  void* p = pool_acquire(info[0].As<Napi::Number>().Uint32Value());
  if (p) pool_release(p);
  return Napi::Boolean::New(info.Env(), p != nullptr);
}

Napi::Value HasLeakproof(const Napi::CallbackInfo& info) {
  resolve_leakproof();
  return Napi::Boolean::New(info.Env(), g_track != nullptr);
}

// ---- libuv threadpool -------------------------------------------------------------------

__attribute__((noinline)) void* worker_leak_impl(size_t bytes) {
  void* p = malloc(bytes);  // LEAK_WORKER_SITE
  if (p) memset(p, 3, bytes);
  return p;
}

class AllocWorker : public Napi::AsyncWorker {
 public:
  AllocWorker(Napi::Function cb, size_t bytes, bool leak, size_t loops)
      : Napi::AsyncWorker(cb), bytes_(bytes), leak_(leak), loops_(loops) {}
  void Execute() override {
    for (size_t i = 0; i < loops_; ++i) {
      if (leak_) {
        worker_leak_impl(bytes_);
      } else {
        void* p = malloc(bytes_);
        if (p) memset(p, 4, bytes_);
        free(p);
        char* q = new char[bytes_ ? bytes_ : 1];
        delete[] q;
      }
    }
    tid_ = gettid();
  }
  void OnOK() override { Callback().Call({Env().Null(), Napi::Number::New(Env(), tid_)}); }

 private:
  size_t bytes_;
  bool leak_;
  size_t loops_;
  pid_t tid_ = 0;
};

Napi::Value LeakOnWorker(const Napi::CallbackInfo& info) {
  (new AllocWorker(info[1].As<Napi::Function>(), info[0].As<Napi::Number>().Uint32Value(), true, 1))->Queue();
  return info.Env().Undefined();
}

Napi::Value CleanOnWorker(const Napi::CallbackInfo& info) {
  (new AllocWorker(info[1].As<Napi::Function>(), info[0].As<Napi::Number>().Uint32Value(), false, 1))->Queue();
  return info.Env().Undefined();
}

// churnOnWorker(loops, bytes, cb): malloc/free + new/delete loop on a threadpool thread.
Napi::Value ChurnOnWorker(const Napi::CallbackInfo& info) {
  size_t loops = info[0].As<Napi::Number>().Uint32Value();
  size_t bytes = info[1].As<Napi::Number>().Uint32Value();
  (new AllocWorker(info[2].As<Napi::Function>(), bytes, false, loops))->Queue();
  return info.Env().Undefined();
}

// ---- stress / bench -----------------------------------------------------------------------

Napi::Value AllocFreeLoop(const Napi::CallbackInfo& info) {
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  size_t bytes = info.Length() > 1 ? info[1].As<Napi::Number>().Uint32Value() : 64;
  for (uint32_t i = 0; i < n; ++i) {
    void* p = malloc(bytes);
    *static_cast<volatile char*>(p) = 1;
    free(p);
  }
  return info.Env().Undefined();
}

// ---- pointers allocated before tracking ---------------------------------------------------

std::vector<void*> g_kept;

Napi::Value AllocKept(const Napi::CallbackInfo& info) {
  g_kept.push_back(malloc(info[0].As<Napi::Number>().Uint32Value()));
  return Napi::Number::New(info.Env(), static_cast<double>(g_kept.size() - 1));
}

Napi::Value ReallocKept(const Napi::CallbackInfo& info) {
  size_t i = info[0].As<Napi::Number>().Uint32Value();
  g_kept[i] = realloc(g_kept[i], info[1].As<Napi::Number>().Uint32Value());
  memset(g_kept[i], 5, info[1].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

Napi::Value FreeKept(const Napi::CallbackInfo& info) {
  size_t i = info[0].As<Napi::Number>().Uint32Value();
  free(g_kept[i]);
  g_kept[i] = nullptr;
  return info.Env().Undefined();
}

// ---- RUNPATH dependency and plugin --------------------------------------------------------

Napi::Value LeakInDep(const Napi::CallbackInfo& info) {
  testdep_leak(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

// Loads libleakproof_testplugin.so by bare name: only the addon's RUNPATH ($ORIGIN) finds it.
Napi::Value LeakInPlugin(const Napi::CallbackInfo& info) {
  void* h = dlopen("libleakproof_testplugin.so", RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    Napi::Error::New(info.Env(), std::string("dlopen by name failed: ") + dlerror()).ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  auto fn = reinterpret_cast<void* (*)(size_t)>(dlsym(h, "testplugin_leak"));
  fn(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

// ---- native fork() ---------------------------------------------------------------------------
// Forks, allocates/frees in the child (through the hooks), exits; returns the child status.
Napi::Value ForkAndAlloc(const Napi::CallbackInfo& info) {
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 1000; ++i) {
      void* p = malloc(100);
      free(p);
      char* q = new char[32];
      delete[] q;
    }
    _exit(42);
  }
  int status = 0;
  if (pid < 0) return Napi::Number::New(info.Env(), -1);
  waitpid(pid, &status, 0);
  return Napi::Number::New(info.Env(), WIFEXITED(status) ? WEXITSTATUS(status) : -2);
}


// ---- corpus additions (test/corpus): more leak shapes and clean twins that fool naive tools --

// An N-API strong reference that is never deleted: keeps the JS object alive and node's
// reference record allocated.
Napi::Value LeakNapiRef(const Napi::CallbackInfo& info) {
  napi_ref ref = nullptr;
  napi_create_reference(info.Env(), info[0], 1, &ref);  // LEAK_NAPI_REF_SITE
  return info.Env().Undefined();
}

Napi::Value CleanNapiRef(const Napi::CallbackInfo& info) {
  napi_ref ref = nullptr;
  napi_create_reference(info.Env(), info[0], 1, &ref);
  napi_delete_reference(info.Env(), ref);
  return info.Env().Undefined();
}

// leakEveryKth(k, bytes): malloc that is kept on every k-th call only.
uint64_t g_kth_calls = 0;
__attribute__((noinline)) void* leak_every_kth_impl(size_t bytes) {
  void* p = malloc(bytes);  // LEAK_KTH_SITE
  if (p) memset(p, 6, bytes);
  return p;
}

Napi::Value LeakEveryKth(const Napi::CallbackInfo& info) {
  uint32_t k = info[0].As<Napi::Number>().Uint32Value();
  size_t bytes = info[1].As<Napi::Number>().Uint32Value();
  if (k == 0) k = 1;
  if (++g_kth_calls % k == 0) leak_every_kth_impl(bytes);
  return info.Env().Undefined();
}

__attribute__((noinline)) void* leak_calloc_impl(size_t n) {
  return calloc(n, 1);  // LEAK_CALLOC_SITE
}

Napi::Value LeakCalloc(const Napi::CallbackInfo& info) {
  leak_calloc_impl(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

__attribute__((noinline)) char* leak_strdup_impl(size_t len) {
  std::string s(len, 'q');
  return strdup(s.c_str());  // LEAK_STRDUP_SITE
}

Napi::Value LeakStrdup(const Napi::CallbackInfo& info) {
  leak_strdup_impl(info[0].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

// A global std::vector<std::string> that only grows: one heap string per call (longer than SSO).
std::vector<std::string>* g_names = nullptr;
Napi::Value LeakVectorStrings(const Napi::CallbackInfo& info) {
  if (!g_names) g_names = new std::vector<std::string>();
  g_names->emplace_back(info[0].As<Napi::Number>().Uint32Value(), 'n');  // LEAK_VECTOR_SITE
  return info.Env().Undefined();
}

// A bounded native cache: a ring of 128 slots; each call allocates a block and frees the one it
// replaces. Fills up, then stays flat.
void* g_ring[128] = {nullptr};
uint32_t g_ring_next = 0;
Napi::Value CleanNativeRing(const Napi::CallbackInfo& info) {
  size_t bytes = info[0].As<Napi::Number>().Uint32Value();
  uint32_t slot = g_ring_next++ % 128;
  free(g_ring[slot]);
  g_ring[slot] = malloc(bytes);
  if (g_ring[slot]) memset(g_ring[slot], 7, bytes);
  return info.Env().Undefined();
}

// Lazy one-time native init: the first call allocates a 64 KiB table that lives forever.
char* g_lazy_table = nullptr;
Napi::Value CleanNativeLazy(const Napi::CallbackInfo& info) {
  if (!g_lazy_table) {
    g_lazy_table = static_cast<char*>(malloc(64 * 1024));
    memset(g_lazy_table, 8, 64 * 1024);
  }
  return Napi::Number::New(info.Env(), g_lazy_table[info[0].As<Napi::Number>().Uint32Value() % 65536]);
}

// ---- bench helpers: hold N live blocks, release them; glibc mallinfo2 in-use bytes ----------
std::vector<void*> g_held;
Napi::Value HoldBlocks(const Napi::CallbackInfo& info) {
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  size_t bytes = info[1].As<Napi::Number>().Uint32Value();
  g_held.reserve(g_held.size() + n);
  for (uint32_t i = 0; i < n; ++i) {
    void* p = malloc(bytes);
    *static_cast<volatile char*>(p) = 1;
    g_held.push_back(p);
  }
  return Napi::Number::New(info.Env(), static_cast<double>(g_held.size()));
}

Napi::Value ReleaseBlocks(const Napi::CallbackInfo& info) {
  for (void* p : g_held) free(p);
  g_held.clear();
  g_held.shrink_to_fit();
  return info.Env().Undefined();
}

Napi::Value MallocInUse(const Napi::CallbackInfo& info) {
  struct mallinfo2 mi = mallinfo2();
  return Napi::Number::New(info.Env(), static_cast<double>(mi.uordblks + mi.hblkhd));
}

// ---- cross-thread stress (native-perf): blocks handed between threads ----------------------
// exchangeOnWorker(loops, bytes, cb): each loop mallocs a block into a shared pool and frees one taken
// from it (usually allocated by another threadpool thread); drainExchange() frees the rest on main.
std::mutex g_exchange_mutex;
std::vector<void*> g_exchange;

__attribute__((noinline)) void* exchange_alloc_impl(size_t bytes) {
  void* p = malloc(bytes);  // EXCHANGE_SITE
  if (p) memset(p, 6, bytes);
  return p;
}

class ExchangeWorker : public Napi::AsyncWorker {
 public:
  ExchangeWorker(Napi::Function cb, size_t loops, size_t bytes) : Napi::AsyncWorker(cb), loops_(loops), bytes_(bytes) {}
  void Execute() override {
    for (size_t i = 0; i < loops_; ++i) {
      void* mine = exchange_alloc_impl(bytes_ + i % 64);
      void* theirs = nullptr;
      {
        std::lock_guard<std::mutex> l(g_exchange_mutex);
        g_exchange.push_back(mine);
        size_t pick = (i * 7919) % g_exchange.size();
        if (g_exchange.size() > 64) {
          theirs = g_exchange[pick];
          g_exchange[pick] = g_exchange.back();
          g_exchange.pop_back();
        }
      }
      free(theirs);
    }
  }

 private:
  size_t loops_, bytes_;
};

Napi::Value ExchangeOnWorker(const Napi::CallbackInfo& info) {
  size_t loops = info[0].As<Napi::Number>().Uint32Value();
  size_t bytes = info[1].As<Napi::Number>().Uint32Value();
  (new ExchangeWorker(info[2].As<Napi::Function>(), loops, bytes))->Queue();
  return info.Env().Undefined();
}

Napi::Value DrainExchange(const Napi::CallbackInfo& info) {
  std::vector<void*> rest;
  {
    std::lock_guard<std::mutex> l(g_exchange_mutex);
    rest.swap(g_exchange);
  }
  for (void* p : rest) free(p);
  return Napi::Number::New(info.Env(), static_cast<double>(rest.size()));
}

// leakOnExitingThread(count, bytes, freed): a std::thread mallocs `count` blocks (keeping them, or freeing
// them all when `freed`) and exits; joined before returning.
__attribute__((noinline)) void* exiting_thread_impl(size_t bytes) {
  void* p = malloc(bytes);  // EXITING_THREAD_SITE
  if (p) memset(p, 7, bytes);
  return p;
}

Napi::Value LeakOnExitingThread(const Napi::CallbackInfo& info) {
  size_t count = info[0].As<Napi::Number>().Uint32Value();
  size_t bytes = info[1].As<Napi::Number>().Uint32Value();
  bool freed = info.Length() > 2 && info[2].ToBoolean();
  std::thread t([=] {
    std::vector<void*> mine;
    mine.reserve(count);
    for (size_t i = 0; i < count; ++i) mine.push_back(exiting_thread_impl(bytes));
    if (freed)
      for (void* p : mine) free(p);
  });
  t.join();
  return info.Env().Undefined();
}

// ---- memory errors for guard-page mode (native/test/guard.test.mjs) ------------------------
// Each bad function has a clean twin doing the same work within bounds. The blocks are written
// through volatile pointers so the accesses stay exactly as written.

__attribute__((noinline)) char* guard_block_impl(size_t bytes) {
  char* p = static_cast<char*>(malloc(bytes));  // GUARD_ALLOC_SITE
  memset(p, 1, bytes);
  return p;
}

__attribute__((noinline)) void guard_release_impl(char* p) {
  free(p);  // GUARD_FREE_SITE
}

__attribute__((noinline)) int overflow_by_one_impl(size_t bytes) {
  volatile char* p = guard_block_impl(bytes);
  p[bytes] = 7;  // OVERFLOW_SITE
  int sum = p[0] + p[bytes - 1];
  guard_release_impl(const_cast<char*>(p));
  return sum;
}

__attribute__((noinline)) int write_last_byte_impl(size_t bytes) {
  volatile char* p = guard_block_impl(bytes);
  p[bytes - 1] = 7;  // CLEAN_WRITE_SITE
  int sum = p[0] + p[bytes - 1];
  guard_release_impl(const_cast<char*>(p));
  return sum;
}

__attribute__((noinline)) int underflow_by_one_impl(size_t bytes) {
  volatile char* p = guard_block_impl(bytes);
  p[-1] = 7;  // UNDERFLOW_SITE
  int sum = p[0];
  guard_release_impl(const_cast<char*>(p));
  return sum;
}

__attribute__((noinline)) int use_after_free_impl(size_t bytes) {
  volatile char* p = guard_block_impl(bytes);
  guard_release_impl(const_cast<char*>(p));
  return p[bytes / 2];  // USE_AFTER_FREE_SITE
}

__attribute__((noinline)) int read_before_free_impl(size_t bytes) {
  volatile char* p = guard_block_impl(bytes);
  int value = p[bytes / 2];  // CLEAN_READ_SITE
  guard_release_impl(const_cast<char*>(p));
  return value;
}

__attribute__((noinline)) int double_free_impl(size_t bytes) {
  char* p = guard_block_impl(bytes);
  guard_release_impl(p);
  guard_release_impl(p);  // the second free: reported from inside guard_release_impl
  return 0;
}

// realloc of a (guarded) block: the contents survive growing and shrinking.
__attribute__((noinline)) int realloc_roundtrip_impl(size_t bytes) {
  char* p = guard_block_impl(bytes);
  for (size_t i = 0; i < bytes; ++i) p[i] = static_cast<char>(i & 0x7f);
  p = static_cast<char*>(realloc(p, bytes * 3));
  for (size_t i = bytes; i < bytes * 3; ++i) p[i] = 0;
  p = static_cast<char*>(realloc(p, bytes / 2));
  int ok = 1;
  for (size_t i = 0; i < bytes / 2; ++i) ok &= p[i] == static_cast<char>(i & 0x7f);
  free(p);
  return ok;
}

// posix_memalign / aligned_alloc / new[]: alignment honoured, blocks usable.
__attribute__((noinline)) int aligned_blocks_impl() {
  void* a = nullptr;
  int ok = posix_memalign(&a, 64, 100) == 0 && (reinterpret_cast<uintptr_t>(a) & 63) == 0;
  void* b = aligned_alloc(256, 512);
  ok &= b && (reinterpret_cast<uintptr_t>(b) & 255) == 0;
  char* c = new char[40];
  memset(a, 1, 100);
  memset(b, 2, 512);
  memset(c, 3, 40);
  void* d = calloc(10, 10);
  for (int i = 0; i < 100; ++i) ok &= static_cast<char*>(d)[i] == 0;
  free(a);
  free(b);
  free(d);
  delete[] c;
  return ok;
}

#define LP_SIZE_ARG(info) static_cast<size_t>((info)[0].As<Napi::Number>().Uint32Value())
Napi::Value OverflowByOne(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), overflow_by_one_impl(LP_SIZE_ARG(info)));
}
Napi::Value WriteLastByte(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), write_last_byte_impl(LP_SIZE_ARG(info)));
}
Napi::Value UnderflowByOne(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), underflow_by_one_impl(LP_SIZE_ARG(info)));
}
Napi::Value UseAfterFree(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), use_after_free_impl(LP_SIZE_ARG(info)));
}
Napi::Value ReadBeforeFree(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), read_before_free_impl(LP_SIZE_ARG(info)));
}
Napi::Value DoubleFree(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), double_free_impl(LP_SIZE_ARG(info)));
}
Napi::Value ReallocRoundtrip(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), realloc_roundtrip_impl(LP_SIZE_ARG(info)) == 1);
}
Napi::Value AlignedBlocks(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), aligned_blocks_impl() == 1);
}
#undef LP_SIZE_ARG

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  pool();  // the pool slab is allocated at load time
  exports.Set("leakMalloc", Napi::Function::New(env, LeakMalloc));
  exports.Set("cleanMalloc", Napi::Function::New(env, CleanMalloc));
  exports.Set("leakNewArray", Napi::Function::New(env, LeakNewArray));
  exports.Set("cleanNewArray", Napi::Function::New(env, CleanNewArray));
  exports.Set("leakTracked", Napi::Function::New(env, LeakTracked));
  exports.Set("cleanTracked", Napi::Function::New(env, CleanTracked));
  exports.Set("hasLeakproof", Napi::Function::New(env, HasLeakproof));
  exports.Set("leakOnWorker", Napi::Function::New(env, LeakOnWorker));
  exports.Set("cleanOnWorker", Napi::Function::New(env, CleanOnWorker));
  exports.Set("churnOnWorker", Napi::Function::New(env, ChurnOnWorker));
  exports.Set("allocFreeLoop", Napi::Function::New(env, AllocFreeLoop));
  exports.Set("allocKept", Napi::Function::New(env, AllocKept));
  exports.Set("reallocKept", Napi::Function::New(env, ReallocKept));
  exports.Set("freeKept", Napi::Function::New(env, FreeKept));
  exports.Set("leakInDep", Napi::Function::New(env, LeakInDep));
  exports.Set("leakInPlugin", Napi::Function::New(env, LeakInPlugin));
  exports.Set("forkAndAlloc", Napi::Function::New(env, ForkAndAlloc));
  exports.Set("leakNapiRef", Napi::Function::New(env, LeakNapiRef));
  exports.Set("cleanNapiRef", Napi::Function::New(env, CleanNapiRef));
  exports.Set("leakEveryKth", Napi::Function::New(env, LeakEveryKth));
  exports.Set("leakCalloc", Napi::Function::New(env, LeakCalloc));
  exports.Set("leakStrdup", Napi::Function::New(env, LeakStrdup));
  exports.Set("leakVectorStrings", Napi::Function::New(env, LeakVectorStrings));
  exports.Set("cleanNativeRing", Napi::Function::New(env, CleanNativeRing));
  exports.Set("cleanNativeLazy", Napi::Function::New(env, CleanNativeLazy));
  exports.Set("holdBlocks", Napi::Function::New(env, HoldBlocks));
  exports.Set("releaseBlocks", Napi::Function::New(env, ReleaseBlocks));
  exports.Set("mallocInUse", Napi::Function::New(env, MallocInUse));
  exports.Set("exchangeOnWorker", Napi::Function::New(env, ExchangeOnWorker));
  exports.Set("drainExchange", Napi::Function::New(env, DrainExchange));
  exports.Set("leakOnExitingThread", Napi::Function::New(env, LeakOnExitingThread));
  exports.Set("overflowByOne", Napi::Function::New(env, OverflowByOne));
  exports.Set("writeLastByte", Napi::Function::New(env, WriteLastByte));
  exports.Set("underflowByOne", Napi::Function::New(env, UnderflowByOne));
  exports.Set("useAfterFree", Napi::Function::New(env, UseAfterFree));
  exports.Set("readBeforeFree", Napi::Function::New(env, ReadBeforeFree));
  exports.Set("doubleFree", Napi::Function::New(env, DoubleFree));
  exports.Set("reallocRoundtrip", Napi::Function::New(env, ReallocRoundtrip));
  exports.Set("alignedBlocks", Napi::Function::New(env, AlignedBlocks));
  return exports;
}

}  // namespace

NODE_API_MODULE(leakproof_test_addon, Init)
