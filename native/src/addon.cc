// N-API surface. Every entry point holds the recursion guard, so allocations made while
// building results are never recorded (they would pollute the window).
#include <napi.h>

#include <cstdio>
#include <mutex>

#include "owner_gate.h"
#include "snapshot_numbers.h"
#include "tracker.h"
#include "tracker_internal.h"

namespace leakproof {
namespace guard {
void register_exports(Napi::Env env, Napi::Object exports);  // guard_napi.cc
}
namespace {

std::mutex g_install_mutex;
bool g_installed = false;
int g_patched_objects = 0;

Napi::Value Install(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  std::lock_guard<std::mutex> l(g_install_mutex);
  if (!g_installed) {
    if (!resolve_originals()) {
      Napi::Error::New(env, "leakproof: cannot resolve libc allocation functions").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (const char* other = interposed_allocator()) {
      std::string msg = std::string("leakproof: malloc is provided by ") + other +
                        " (LD_PRELOAD / sanitizer?), not libc: native tracking is disabled";
      Napi::Error::New(env, msg).ThrowAsJavaScriptException();
      return env.Undefined();
    }
    init_own_module();
    tracker_warmup();  // unwinder + per-thread state before any hook can need them
    install_atfork();
    g_patched_objects = patch_all_objects();
    g_installed = true;
  } else {
    g_patched_objects = patch_all_objects();  // cheap re-scan picks up objects loaded since
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("patchedObjects", Napi::Number::New(env, g_patched_objects));
  out.Set("gate", Napi::String::New(env, g_gate_asymmetric.load() ? "membarrier" : "fence"));
  return out;
}

bool require_installed(Napi::Env env) {
  if (g_installed) return true;
  Napi::Error::New(env, "leakproof: call install() first").ThrowAsJavaScriptException();
  return false;
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  if (!require_installed(env)) return env.Undefined();
  StackMode mode = StackMode::Cheap;
  int depth = 0;
  bool current_thread_only = false;
  if (info.Length() > 0 && info[0].IsObject()) {
    Napi::Object opts = info[0].As<Napi::Object>();
    Napi::Value stacks = opts.Get("stacks");
    if (stacks.IsString()) {
      std::string s = stacks.As<Napi::String>().Utf8Value();
      if (s == "full") {
        mode = StackMode::Full;
      } else if (s != "cheap") {
        Napi::TypeError::New(env, "leakproof: stacks must be 'cheap' or 'full'").ThrowAsJavaScriptException();
        return env.Undefined();
      }
    } else if (!stacks.IsUndefined()) {
      Napi::TypeError::New(env, "leakproof: stacks must be 'cheap' or 'full'").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Value md = opts.Get("maxDepth");
    if (md.IsNumber()) depth = md.As<Napi::Number>().Int32Value();
    Napi::Value threads = opts.Get("threads");
    if (threads.IsString()) {
      std::string t = threads.As<Napi::String>().Utf8Value();
      if (t == "current") {
        current_thread_only = true;
      } else if (t != "all") {
        Napi::TypeError::New(env, "leakproof: threads must be 'all' or 'current'").ThrowAsJavaScriptException();
        return env.Undefined();
      }
    } else if (!threads.IsUndefined()) {
      Napi::TypeError::New(env, "leakproof: threads must be 'all' or 'current'").ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }
  tracker_start(mode, depth, current_thread_only);
  return env.Undefined();
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  tracker_stop();
  return info.Env().Undefined();
}

Napi::Value IsRecording(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), g_recording.load());
}

Napi::Value GetCounters(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  Counters c = tracker_counters();
  Napi::Object o = Napi::Object::New(env);
  o.Set("current", Napi::Number::New(env, static_cast<double>(c.current)));
  o.Set("peak", Napi::Number::New(env, static_cast<double>(c.peak)));
  o.Set("totalAllocated", Napi::Number::New(env, static_cast<double>(c.total_allocated)));
  o.Set("allocations", Napi::Number::New(env, static_cast<double>(c.allocations)));
  o.Set("frees", Napi::Number::New(env, static_cast<double>(c.frees)));
  o.Set("customCurrent", Napi::Number::New(env, static_cast<double>(c.custom_current)));
  o.Set("customCount", Napi::Number::New(env, static_cast<double>(c.custom_count)));
  o.Set("customPeak", Napi::Number::New(env, static_cast<double>(c.custom_peak)));
  return o;
}

Napi::Value LiveSummary(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  Counters c = tracker_counters();
  Napi::Object o = Napi::Object::New(env);
  o.Set("bytes", Napi::Number::New(env, static_cast<double>(c.current)));
  o.Set("count", Napi::Number::New(env, static_cast<double>(c.live_count)));
  o.Set("customBytes", Napi::Number::New(env, static_cast<double>(c.custom_current)));
  o.Set("customCount", Napi::Number::New(env, static_cast<double>(c.custom_count)));
  return o;
}

Napi::Value ResetPeak(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  tracker_reset_peak();
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  std::vector<ThreadReport> list = tracker_threads();
  Napi::Array arr = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    const ThreadReport& t = list[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("tid", Napi::Number::New(env, static_cast<double>(t.tid)));
    o.Set("current", Napi::Number::New(env, static_cast<double>(t.current)));
    o.Set("totalAllocated", Napi::Number::New(env, static_cast<double>(t.total_allocated)));
    o.Set("allocations", Napi::Number::New(env, static_cast<double>(t.allocations)));
    o.Set("frees", Napi::Number::New(env, static_cast<double>(t.frees)));
    o.Set("isMainThread", Napi::Boolean::New(env, t.is_main));
    arr.Set(static_cast<uint32_t>(i), o);
  }
  return arr;
}

// { stackId, kind, count, bytes } (liveByStack() entries and allocationProfile().topStacks entries).
Napi::Object StackGroupObject(Napi::Env env, const LiveGroup& lg) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("stackId", Napi::Number::New(env, lg.stack_id));
  o.Set("kind", Napi::String::New(env, tracker_kind_name(lg.kind)));
  o.Set("count", Napi::Number::New(env, static_cast<double>(lg.count)));
  o.Set("bytes", Napi::Number::New(env, static_cast<double>(lg.bytes)));
  return o;
}

Napi::Value LiveByStack(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  std::vector<LiveGroup> groups = tracker_live_by_stack();
  Napi::Array arr = Napi::Array::New(env, groups.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    arr.Set(static_cast<uint32_t>(i), StackGroupObject(env, groups[i]));
  }
  return arr;
}

Napi::Value AllocationProfile(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  size_t limit = 20;
  if (info.Length() > 0 && !info[0].IsUndefined()) {
    double requested = info[0].IsNumber() ? info[0].As<Napi::Number>().DoubleValue() : -1;
    if (!(requested >= 0) || requested != static_cast<double>(static_cast<int64_t>(requested)) || requested > 1e9) {
      Napi::TypeError::New(env, "leakproof: allocationProfile(limit) expects a non-negative integer (default 20)")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    limit = static_cast<size_t>(requested);
  }
  AllocationProfileReport report = tracker_allocation_profile(limit);
  Napi::Array classes = Napi::Array::New(env, kSizeClasses);
  for (int i = 0; i < kSizeClasses; ++i) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("upTo", Napi::Number::New(env, static_cast<double>(size_class_upper(i))));
    o.Set("count", Napi::Number::New(env, static_cast<double>(report.classes[i].count)));
    o.Set("bytes", Napi::Number::New(env, static_cast<double>(report.classes[i].bytes)));
    classes.Set(static_cast<uint32_t>(i), o);
  }
  Napi::Array top = Napi::Array::New(env, report.top_stacks.size());
  for (size_t i = 0; i < report.top_stacks.size(); ++i) {
    top.Set(static_cast<uint32_t>(i), StackGroupObject(env, report.top_stacks[i]));
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("sizeClasses", classes);
  out.Set("topStacks", top);
  return out;
}

Napi::Value Symbolize(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) {
    Napi::TypeError::New(env, "leakproof: symbolize(stackId: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  std::vector<Frame> frames = symbolize_frames(tracker_stack_frames(id));
  Napi::Array arr = Napi::Array::New(env, frames.size());
  for (size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    Napi::Object o = Napi::Object::New(env);
    char buf[32];
    snprintf(buf, sizeof(buf), "0x%lx", static_cast<unsigned long>(f.address));
    o.Set("address", Napi::String::New(env, buf));
    o.Set("function", Napi::String::New(env, f.function));
    o.Set("module", Napi::String::New(env, f.module));
    if (!f.file.empty()) o.Set("file", Napi::String::New(env, f.file));
    if (f.line > 0) o.Set("line", Napi::Number::New(env, f.line));
    arr.Set(static_cast<uint32_t>(i), o);
  }
  return arr;
}

// Raw return addresses of a stack, innermost first, as hex strings: cheap (no symbolization), so callers can
// group stacks by their innermost frames (the allocation site) when outer JIT frames differ between calls.
Napi::Value StackAddresses(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) {
    Napi::TypeError::New(env, "leakproof: stackAddresses(stackId: number)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::vector<uintptr_t> all = tracker_stack_frames(info[0].As<Napi::Number>().Uint32Value());
  std::vector<uintptr_t> ips;  // the tracker's own frames (hooks, unwinder) are not part of anyone's stack
  for (uintptr_t ip : all) {
    if (!in_own_module(ip)) ips.push_back(ip);
  }
  Napi::Array arr = Napi::Array::New(env, ips.size());
  for (size_t i = 0; i < ips.size(); ++i) {
    char buf[32];
    snprintf(buf, sizeof(buf), "0x%lx", static_cast<unsigned long>(ips[i]));
    arr.Set(static_cast<uint32_t>(i), Napi::String::New(env, buf));
  }
  return arr;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("stackAddresses", Napi::Function::New(env, StackAddresses, "stackAddresses"));
  exports.Set("install", Napi::Function::New(env, Install, "install"));
  exports.Set("start", Napi::Function::New(env, Start, "start"));
  exports.Set("stop", Napi::Function::New(env, Stop, "stop"));
  exports.Set("counters", Napi::Function::New(env, GetCounters, "counters"));
  exports.Set("resetPeak", Napi::Function::New(env, ResetPeak, "resetPeak"));
  exports.Set("threads", Napi::Function::New(env, Threads, "threads"));
  exports.Set("liveByStack", Napi::Function::New(env, LiveByStack, "liveByStack"));
  exports.Set("liveSummary", Napi::Function::New(env, LiveSummary, "liveSummary"));
  exports.Set("allocationProfile", Napi::Function::New(env, AllocationProfile, "allocationProfile"));
  exports.Set("symbolize", Napi::Function::New(env, Symbolize, "symbolize"));
  exports.Set("isRecording", Napi::Function::New(env, IsRecording, "isRecording"));
  guard::register_exports(env, exports);
  register_snapshot_exports(env, exports);
  return exports;
}

}  // namespace
}  // namespace leakproof

static Napi::Object InitAddon(Napi::Env env, Napi::Object exports) {
  return leakproof::Init(env, exports);
}

NODE_API_MODULE(leakproof_native, InitAddon)
