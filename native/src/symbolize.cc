// Lazy symbolization (only for reported stacks; never inside hooks): dladdr + __cxa_demangle
// for function names, and `addr2line -f -C -e <module> <offsets...>` (binutils) for
// file:line from DWARF, batched per module and cached.
#include <cxxabi.h>
#include <dlfcn.h>
#include <link.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tracker.h"

extern char** environ;

namespace leakproof {
namespace {

struct LineInfo {
  std::string function, file;
  int line = 0;
};

std::mutex g_cache_mutex;
std::map<std::pair<std::string, uintptr_t>, LineInfo> g_line_cache;

std::string demangle(const char* name) {
  if (!name) return "";
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  if (status == 0 && d) {
    std::string out(d);
    free(d);
    return out;
  }
  return name;
}

std::string hex(uintptr_t v) {
  char buf[32];
  snprintf(buf, sizeof(buf), "0x%lx", static_cast<unsigned long>(v));
  return buf;
}

const char* find_addr2line() {
  static const char* path = [] {
    const char* env = getenv("LEAKPROOF_ADDR2LINE");
    if (env && *env) return env;
    static const char* candidates[] = {"/usr/bin/addr2line", "/usr/local/bin/addr2line",
                                       "/bin/addr2line"};
    for (const char* c : candidates)
      if (access(c, X_OK) == 0) return c;
    return static_cast<const char*>(nullptr);
  }();
  return path;
}

// Run addr2line on one module; returns 2 lines per address (function, file:line).
bool run_addr2line(const std::string& module, const std::vector<uintptr_t>& offsets,
                   std::vector<LineInfo>& out) {
  const char* tool = find_addr2line();
  if (!tool || offsets.empty()) return false;
  std::vector<std::string> args = {tool, "-f", "-C", "-e", module};
  for (uintptr_t o : offsets) args.push_back(hex(o));
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, tool, &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return false;
  }
  std::string text;
  char buf[4096];
  // Bounded wait: large binaries (node itself has full DWARF) can take seconds.
  const int kTimeoutMs = 20000;
  timespec start;
  clock_gettime(CLOCK_MONOTONIC, &start);
  bool timed_out = false;
  while (true) {
    pollfd p{fds[0], POLLIN, 0};
    int pr = poll(&p, 1, 200);
    if (pr > 0) {
      ssize_t n = read(fds[0], buf, sizeof(buf));
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    } else if (pr < 0 && errno != EINTR) {
      break;
    }
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 > kTimeoutMs) {
      kill(pid, SIGKILL);
      timed_out = true;
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return false;
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  if (lines.size() < offsets.size() * 2) return false;
  out.clear();
  for (size_t i = 0; i < offsets.size(); ++i) {
    LineInfo li;
    const std::string& fn = lines[2 * i];
    const std::string& fl = lines[2 * i + 1];
    if (fn != "??") li.function = fn;
    size_t colon = fl.rfind(':');
    if (colon != std::string::npos) {
      std::string file = fl.substr(0, colon);
      std::string rest = fl.substr(colon + 1);
      int line = atoi(rest.c_str());
      if (file != "??" && line > 0) {
        li.file = file;
        li.line = line;
      }
    }
    out.push_back(li);
  }
  return true;
}

}  // namespace

std::vector<Frame> symbolize_frames(const std::vector<uintptr_t>& ips) {
  std::vector<Frame> frames(ips.size());
  // module path -> (frame index, file offset) to batch addr2line per module
  std::map<std::string, std::vector<std::pair<size_t, uintptr_t>>> pending;
  for (size_t i = 0; i < ips.size(); ++i) {
    Frame& f = frames[i];
    f.address = ips[i];
    f.line = 0;
    uintptr_t pc = ips[i] - 1;  // return address -> inside the call instruction
    Dl_info info{};
    link_map* lm = nullptr;
    if (!dladdr1(reinterpret_cast<void*>(pc), &info, reinterpret_cast<void**>(&lm), RTLD_DL_LINKMAP)) {
      f.function = "??";
      f.module = "";
      continue;
    }
    std::string module = info.dli_fname ? info.dli_fname : "";
    if (lm && (!lm->l_name || !*lm->l_name)) {  // main program: dli_fname may be argv[0]
      char exe[4096];
      ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
      if (n > 0) module.assign(exe, static_cast<size_t>(n));
    }
    f.module = module;
    f.function = info.dli_sname ? demangle(info.dli_sname) : "??";
    uintptr_t offset = pc - (lm ? lm->l_addr : reinterpret_cast<uintptr_t>(info.dli_fbase));
    {
      std::lock_guard<std::mutex> l(g_cache_mutex);
      auto it = g_line_cache.find({module, offset});
      if (it != g_line_cache.end()) {
        if (!it->second.function.empty()) f.function = it->second.function;
        f.file = it->second.file;
        f.line = it->second.line;
        continue;
      }
    }
    if (!module.empty()) pending[module].push_back({i, offset});
  }
  for (auto& kv : pending) {
    std::vector<uintptr_t> offsets;
    for (auto& p : kv.second) offsets.push_back(p.second);
    std::vector<LineInfo> infos;
    bool ok = run_addr2line(kv.first, offsets, infos);
    std::lock_guard<std::mutex> l(g_cache_mutex);
    for (size_t j = 0; j < kv.second.size(); ++j) {
      LineInfo li = ok ? infos[j] : LineInfo{};
      g_line_cache[{kv.first, kv.second[j].second}] = li;
      Frame& f = frames[kv.second[j].first];
      if (!li.function.empty()) f.function = li.function;
      f.file = li.file;
      f.line = li.line;
    }
  }
  return frames;
}

}  // namespace leakproof
