// Fault handler and report of the guard-page allocator.
//
// SIGSEGV/SIGBUS handler on an alternate stack, installed the first time guard mode is turned
// on, chaining to the handler it replaced (Node's WebAssembly trap handler, or the default).
// A fault whose address lies inside the guard pool is reported; any other fault is handed to the
// previous handler untouched.
//
// Async-signal safety, as far as is reasonable for a process that is about to die:
//  - the report is formatted into static buffers with our own number formatting and written
//    with write(2); nothing allocates;
//  - stacks are walked through frame pointers, every read done with process_vm_readv so a bad
//    frame pointer returns EFAULT instead of faulting again;
//  - function names come from dladdr(). dladdr is not on the POSIX async-signal-safe list (it
//    takes the loader lock), but crash reporters widely rely on it; the only risk is a deadlock
//    if the faulting thread itself was inside dlopen/dlclose, which a heap access is not;
//  - file:line comes from `addr2line -f -C -e <module> <offsets>` (binutils), started with
//    vfork + execve (no atfork handlers, no allocation in the child) and read through a pipe
//    with a time limit. The main executable (node: huge debug info) and the C library are not
//    given to addr2line: their frames show the dynamic symbol name and module+offset only.
// Then the default action is restored and the signal re-raised: the process dies with SIGSEGV
// (or SIGBUS) as it would have without guard mode, only later and with a report.
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "guard_alloc.h"

extern char** environ;

namespace leakproof {
namespace guard {
namespace {

struct sigaction g_prev_segv, g_prev_bus;
std::atomic<bool> g_reporting{false};
char g_report_path[1024];  // LEAKPROOF_GUARD_REPORT, captured at install
char g_exe_path[1024];     // /proc/self/exe
char g_addr2line[256];     // LEAKPROOF_ADDR2LINE or /usr/bin/addr2line; empty: no file:line

// ---- formatting into a static buffer ---------------------------------------------------
char g_out[65536];
size_t g_len = 0;

void put(const char* s) {
  while (*s && g_len < sizeof(g_out) - 1) g_out[g_len++] = *s++;
}
void put_char(char c) {
  if (g_len < sizeof(g_out) - 1) g_out[g_len++] = c;
}
void put_hex(uintptr_t v) {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  put("0x");
  while (n) put_char(tmp[--n]);
}
void put_dec(uint64_t v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) put_char(tmp[--n]);
}
void put_bytes(uint64_t n) {
  put_dec(n);
  put(n == 1 ? " byte" : " bytes");
}
void write_all(int fd, const char* p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    p += w;
    n -= static_cast<size_t>(w);
  }
}

// ---- stacks ------------------------------------------------------------------------------
bool safe_read(uintptr_t addr, uintptr_t* out, size_t words) {
  iovec local{out, words * sizeof(uintptr_t)};
  iovec remote{reinterpret_cast<void*>(addr), words * sizeof(uintptr_t)};
  return syscall(SYS_process_vm_readv, getpid(), &local, 1, &remote, 1, 0) ==
         static_cast<long>(words * sizeof(uintptr_t));
}

// The faulting thread's stack from its signal context: the faulting pc, then the return
// addresses found through the frame-pointer chain.
int walk_from_context(const ucontext_t* uc, uintptr_t* out, int max) {
#if defined(__x86_64__)
  uintptr_t pc = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
  uintptr_t fp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RBP]);
  uintptr_t sp = static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
  uintptr_t pc = uc->uc_mcontext.pc;
  uintptr_t fp = uc->uc_mcontext.regs[29];
  uintptr_t sp = uc->uc_mcontext.sp;
#endif
  int n = 0;
  out[n++] = pc;
  uintptr_t prev = sp > 0 ? sp - 1 : 0;
  while (n < max) {
    uintptr_t rec[2];
    if (fp <= prev || (fp & 7) || !safe_read(fp, rec, 2) || rec[1] < 4096) break;
    out[n++] = rec[1];
    prev = fp;
    fp = rec[0];
  }
  return n;
}

bool is_write_fault(const ucontext_t* uc) {
#if defined(__x86_64__)
  return (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;  // page-fault error code: bit 1 = write
#else
  (void)uc;
  return false;
#endif
}

// ---- symbolization -------------------------------------------------------------------------
constexpr int kMaxFrames = 3 * (kStackDepth + 1);
struct FrameInfo {
  uintptr_t pc;
  uintptr_t lookup;  // pc for the faulting frame, pc - 1 for return addresses (the call site)
  const char* module;
  uintptr_t offset;  // lookup - load bias: what addr2line expects
  const char* symbol;
  uintptr_t symbol_offset;
  char function[256];
  char file[512];
};
FrameInfo g_frames[kMaxFrames];
int g_frame_count = 0;

bool skip_addr2line(const char* module) {
  if (!module || !*module || module == g_exe_path) return true;
  const char* slash = strrchr(module, '/');
  const char* base = slash ? slash + 1 : module;
  return strncmp(base, "libc.so", 7) == 0 || strncmp(base, "ld-linux", 8) == 0 || strncmp(base, "libm.so", 7) == 0;
}

int add_frames(const uintptr_t* pcs, int n, bool first_is_fault) {
  int first = g_frame_count;
  for (int i = 0; i < n && g_frame_count < kMaxFrames; ++i) {
    FrameInfo& f = g_frames[g_frame_count++];
    f.pc = pcs[i];
    f.lookup = (i == 0 && first_is_fault) ? pcs[i] : pcs[i] - 1;
    f.module = nullptr;
    f.symbol = nullptr;
    f.function[0] = f.file[0] = 0;
    Dl_info info{};
    link_map* lm = nullptr;
    if (!dladdr1(reinterpret_cast<void*>(f.lookup), &info, reinterpret_cast<void**>(&lm), RTLD_DL_LINKMAP)) continue;
    bool main_program = lm && (!lm->l_name || !*lm->l_name);
    f.module = main_program ? g_exe_path : info.dli_fname;
    f.offset = f.lookup - (lm ? lm->l_addr : reinterpret_cast<uintptr_t>(info.dli_fbase));
    f.symbol = info.dli_sname;
    f.symbol_offset = info.dli_saddr ? f.lookup - reinterpret_cast<uintptr_t>(info.dli_saddr) : 0;
  }
  return first;
}

void copy_line(char* dst, size_t cap, const char* src, size_t len) {
  if (len >= cap) len = cap - 1;
  memcpy(dst, src, len);
  dst[len] = 0;
}

// One addr2line run for every frame of `module` (frames with equal module pointers).
void symbolize_module(const char* module) {
  static char offsets[kMaxFrames][24];
  static const char* argv[kMaxFrames + 8];
  static int which[kMaxFrames];
  static char text[32768];
  int argc = 0, count = 0;
  argv[argc++] = g_addr2line;
  argv[argc++] = "-f";
  argv[argc++] = "-C";
  argv[argc++] = "-e";
  argv[argc++] = module;
  for (int i = 0; i < g_frame_count; ++i) {
    if (g_frames[i].module != module) continue;
    size_t saved = g_len;  // reuse the formatter for the hex text
    put_hex(g_frames[i].offset);
    copy_line(offsets[count], sizeof(offsets[count]), g_out + saved, g_len - saved);
    g_len = saved;
    argv[argc++] = offsets[count];
    which[count++] = i;
  }
  argv[argc] = nullptr;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return;
  pid_t pid = vfork();
  if (pid == 0) {  // child: only async-signal-safe calls, then exec
    dup2(fds[1], 1);
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      dup2(null_fd, 0);
      dup2(null_fd, 2);
    }
    execve(g_addr2line, const_cast<char* const*>(argv), environ);
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return;
  }
  size_t got = 0;
  timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  while (got < sizeof(text) - 1) {
    pollfd p{fds[0], POLLIN, 0};
    int pr = poll(&p, 1, 200);
    if (pr > 0) {
      ssize_t r = read(fds[0], text + got, sizeof(text) - 1 - got);
      if (r <= 0) break;
      got += static_cast<size_t>(r);
    } else if (pr < 0 && errno != EINTR) {
      break;
    }
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec - start.tv_sec > 15) {  // a huge module: give up on file:line, keep the report
      kill(pid, SIGKILL);
      break;
    }
  }
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // Two lines per address: function, then file:line.
  const char* p = text;
  const char* end = text + got;
  for (int k = 0; k < count && p < end; ++k) {
    FrameInfo& f = g_frames[which[k]];
    const char* nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) break;
    if (!(nl - p == 2 && p[0] == '?' && p[1] == '?')) copy_line(f.function, sizeof(f.function), p, static_cast<size_t>(nl - p));
    p = nl + 1;
    nl = static_cast<const char*>(memchr(p, '\n', static_cast<size_t>(end - p)));
    if (!nl) break;
    if (p[0] != '?') {
      // "file:line (discriminator N)": keep file:line
      const char* stop = static_cast<const char*>(memchr(p, ' ', static_cast<size_t>(nl - p)));
      copy_line(f.file, sizeof(f.file), p, static_cast<size_t>((stop ? stop : nl) - p));
      const char* colon = strrchr(f.file, ':');
      if (!colon || colon[1] == '?' || (colon[1] == '0' && colon[2] == 0)) f.file[0] = 0;
    }
    p = nl + 1;
  }
}

void symbolize_all() {
  if (!g_addr2line[0]) return;
  for (int i = 0; i < g_frame_count; ++i) {
    const char* m = g_frames[i].module;
    if (skip_addr2line(m)) continue;
    bool seen = false;
    for (int j = 0; j < i && !seen; ++j) seen = g_frames[j].module == m;
    if (!seen) symbolize_module(m);
  }
}

// Frames deep inside the node executable (V8 builtins, JIT code) say little about the bug: a
// stack stops after two of them in a row, with a count of the rest.
void put_frames(int first, int count) {
  int in_node = 0;
  for (int i = 0; i < count; ++i) {
    const FrameInfo& f = g_frames[first + i];
    in_node = (f.module == g_exe_path || !f.module) ? in_node + 1 : 0;
    if (in_node > 2) {
      put("    ... ");
      put_dec(static_cast<uint64_t>(count - i));
      put(" more frames in ");
      put(g_exe_path);
      put("\n");
      return;
    }
    put("    #");
    put_dec(static_cast<uint64_t>(i));
    put(" ");
    put_hex(f.pc);
    put(" in ");
    if (f.function[0]) {
      put(f.function);
    } else if (f.symbol) {
      put(f.symbol);
      put("+");
      put_hex(f.symbol_offset);
    } else {
      put("??");
    }
    if (f.file[0]) {
      put(" ");
      put(f.file);
    }
    if (f.module) {
      put(" (");
      put(f.module);
      put("+");
      put_hex(f.offset);
      put(")");
    }
    put("\n");
  }
}

const char* best_name(const FrameInfo& f) {
  if (f.function[0]) return f.function;
  return f.symbol ? f.symbol : "??";
}

void emit() {
  write_all(2, g_out, g_len);
  if (g_report_path[0]) {
    int fd = open(g_report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      write_all(fd, g_out, g_len);
      close(fd);
    }
  }
}

// Header, block description, the three stacks and a summary line.
void build_report(const char* kind, const char* access, uintptr_t addr, long slot_index,
                  const uintptr_t* access_pcs, int access_n, bool access_is_fault) {
  const Pool& pl = pool();
  const Slot* s = slot_index >= 0 ? &pl.table[slot_index] : nullptr;
  bool freed = s && (s->state.load(std::memory_order_relaxed) == kSlotQuarantined || s->free_depth > 0);
  g_frame_count = 0;
  int acc = add_frames(access_pcs, access_n, access_is_fault);
  int alloc = s ? add_frames(s->alloc_stack, s->alloc_depth, false) : g_frame_count;
  int alloc_n = g_frame_count - alloc;
  int fr = freed ? add_frames(s->free_stack, s->free_depth, false) : g_frame_count;
  int fr_n = g_frame_count - fr;
  symbolize_all();

  g_len = 0;
  put("=================================================================\n");
  put("==");
  put_dec(static_cast<uint64_t>(getpid()));
  put("== leakproof guard: ");
  put(kind);
  put(" on address ");
  put_hex(addr);
  put(" (thread ");
  put_dec(static_cast<uint64_t>(syscall(SYS_gettid)));
  put(")\n");
  if (access) {
    put(access);
    put(" at pc ");
    put_hex(access_pcs[0]);
    put("\n");
  }
  if (s) {
    const uintptr_t end = s->start + s->size;
    put_hex(addr);
    put(" is ");
    if (addr >= end) {
      put_bytes(addr - end);
      put(" past the end of");
    } else if (addr < s->start) {
      put_bytes(s->start - addr);
      put(" before");
    } else {
      put_bytes(addr - s->start);
      put(" inside");
    }
    put(" a ");
    put_dec(s->size);
    put("-byte block [");
    put_hex(s->start);
    put(", ");
    put_hex(end);
    put(") (offset ");
    if (addr >= s->start) {
      put("+");
      put_dec(addr - s->start);
    } else {
      put("-");
      put_dec(s->start - addr);
    }
    put(freed ? "); the block was freed\n" : ")\n");
  }
  put(access_is_fault ? "Access site:\n" : "Free site:\n");
  put_frames(acc, access_n < kMaxFrames ? access_n : kMaxFrames);
  if (s) {
    put("Allocated by thread ");
    put_dec(static_cast<uint64_t>(s->alloc_tid));
    put(s->kind == 1 ? " (operator new):\n" : " (malloc family):\n");
    put_frames(alloc, alloc_n);
  }
  if (freed) {
    put("Freed by thread ");
    put_dec(static_cast<uint64_t>(s->free_tid));
    put(":\n");
    put_frames(fr, fr_n);
  }
  put("SUMMARY: leakproof guard: ");
  put(kind);
  put(" in ");
  put(best_name(g_frames[acc]));
  if (g_frames[acc].file[0]) {
    put(" ");
    put(g_frames[acc].file);
  }
  put("\n=================================================================\n");
}

const char* classify(uintptr_t addr, long idx) {
  const Slot& s = pool().table[idx];
  uint8_t st = s.state.load(std::memory_order_relaxed);
  if (st == kSlotQuarantined) return "use-after-free";
  if (st == kSlotInUse) {
    if (addr >= s.start + s.size) return "heap-buffer-overflow";
    if (addr < s.start) return "heap-buffer-underflow";
  }
  return "wild-access-in-guard-pool";
}

void restore_default(int sig) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof(dfl));
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, nullptr);
}

// Not ours: behave as if we were never installed. (The previous handler's own sa_mask and
// SA_RESETHAND/SA_NODEFER flags are not re-applied; Node's handler needs neither.)
void chain(int sig, siginfo_t* info, void* uc) {
  const struct sigaction& prev = sig == SIGBUS ? g_prev_bus : g_prev_segv;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) {
      prev.sa_sigaction(sig, info, uc);
      return;
    }
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN) {
    prev.sa_handler(sig);
    return;
  }
  // Default: returning re-executes the faulting instruction, which now takes the default
  // action (a core dump with the original fault). A signal sent with kill() is re-raised.
  restore_default(sig);
  if (info->si_code <= 0) raise(sig);
}

void on_fault(int sig, siginfo_t* info, void* ucv) {
  const int saved_errno = errno;
  auto addr = reinterpret_cast<uintptr_t>(info->si_addr);
  long idx = (info->si_code > 0 && owns(info->si_addr)) ? slot_for_address(addr) : -1;
  if (idx < 0) {
    chain(sig, info, ucv);
    errno = saved_errno;
    return;
  }
  if (g_reporting.exchange(true)) {  // another thread is reporting: the process dies with it
    for (;;) pause();
  }
  const auto* uc = static_cast<const ucontext_t*>(ucv);
  uintptr_t pcs[kStackDepth + 1];
  int n = walk_from_context(uc, pcs, kStackDepth + 1);
  build_report(classify(addr, idx), is_write_fault(uc) ? "WRITE" : "READ", addr, idx, pcs, n, true);
  put("The process now dies with ");
  put(sig == SIGBUS ? "SIGBUS" : "SIGSEGV");
  put(" (leakproof guard-page mode).\n");
  emit();
  restore_default(sig);
  raise(sig);  // pending until the handler returns (the signal is blocked here), then fatal
}

}  // namespace

void install_fault_handler() {
  const char* path = getenv("LEAKPROOF_GUARD_REPORT");
  if (path && strlen(path) < sizeof(g_report_path)) strcpy(g_report_path, path);
  ssize_t n = readlink("/proc/self/exe", g_exe_path, sizeof(g_exe_path) - 1);
  g_exe_path[n > 0 ? n : 0] = 0;
  const char* tool = getenv("LEAKPROOF_ADDR2LINE");
  if (!tool || !*tool) tool = "/usr/bin/addr2line";
  if (strlen(tool) < sizeof(g_addr2line) && access(tool, X_OK) == 0) strcpy(g_addr2line, tool);

  // Alternate stack for this thread unless it has one (the handler needs ~20 KB: the report
  // lives in static buffers).
  stack_t current;
  if (sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    const size_t size = 128 * 1024;
    void* mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem != MAP_FAILED) {
      stack_t ss{};
      ss.ss_sp = mem;
      ss.ss_size = size;
      sigaltstack(&ss, nullptr);
    }
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, &g_prev_segv);
  sigaction(SIGBUS, &sa, &g_prev_bus);
}

void report_bad_free(const char* kind, uintptr_t p, long slot, const uintptr_t* frame) {
  if (g_reporting.exchange(true)) {
    for (;;) pause();
  }
  uintptr_t pcs[kStackDepth];
  int n = capture_stack(frame, pcs, kStackDepth);
  long idx = slot >= 0 && static_cast<uint32_t>(slot) < pool().slots ? slot : -1;
  build_report(kind, nullptr, p, idx, pcs, n, false);
  put("The process now aborts (leakproof guard-page mode).\n");
  emit();
  abort();
}

}  // namespace guard
}  // namespace leakproof
