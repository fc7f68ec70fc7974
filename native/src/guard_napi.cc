// N-API surface of guard-page mode: guardEnable(options), guardDisable(), guardStats().
// Option validation with readable messages lives in @leakproof/core (guard-pages.ts); this
// layer checks types and ranges again so direct users of the addon get clear errors too.
#include <napi.h>

#include <string>

#include "guard_alloc.h"
#include "tracker.h"

namespace leakproof {
namespace guard {
namespace {

bool read_uint(Napi::Object opts, const char* name, uint64_t lo, uint64_t hi, uint64_t* out) {
  Napi::Value v = opts.Get(name);
  if (v.IsUndefined()) return true;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (!v.IsNumber() || d != static_cast<double>(static_cast<uint64_t>(d)) || d < static_cast<double>(lo) ||
      d > static_cast<double>(hi)) {
    std::string msg = std::string("leakproof guard: ") + name + " must be an integer from " + std::to_string(lo) +
                      " to " + std::to_string(hi);
    Napi::RangeError::New(opts.Env(), msg).ThrowAsJavaScriptException();
    return false;
  }
  *out = static_cast<uint64_t>(d);
  return true;
}

Napi::Object StatsObject(Napi::Env env) {
  Stats s = stats();
  Napi::Object o = Napi::Object::New(env);
  o.Set("enabled", Napi::Boolean::New(env, s.enabled));
  o.Set("sampleRate", Napi::Number::New(env, s.config.sample_rate));
  o.Set("quarantine", Napi::Number::New(env, s.config.quarantine));
  o.Set("slots", Napi::Number::New(env, s.config.slots));
  o.Set("maxSize", Napi::Number::New(env, static_cast<double>(s.config.max_size)));
  o.Set("align", Napi::String::New(env, s.config.left_aligned ? "left" : "right"));
  o.Set("scope", Napi::String::New(env, s.config.addons_only ? "addons" : "process"));
  o.Set("guarded", Napi::Number::New(env, static_cast<double>(s.guarded)));
  o.Set("poolExhausted", Napi::Number::New(env, static_cast<double>(s.pool_exhausted)));
  o.Set("inUse", Napi::Number::New(env, s.in_use));
  o.Set("quarantined", Napi::Number::New(env, s.quarantined));
  o.Set("pageSize", Napi::Number::New(env, static_cast<double>(s.page_size)));
  return o;
}

Napi::Value GuardEnable(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  Napi::Env env = info.Env();
  if (!g_orig.malloc) {
    Napi::Error::New(env, "leakproof: call install() before guardEnable()").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Config c;
  if (info.Length() > 0 && !info[0].IsUndefined()) {
    if (!info[0].IsObject()) {
      Napi::TypeError::New(env, "leakproof guard: options must be an object").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Object opts = info[0].As<Napi::Object>();
    uint64_t rate = c.sample_rate, quarantine = c.quarantine, slots = c.slots, max_size = c.max_size;
    if (!read_uint(opts, "sampleRate", 1, 1u << 30, &rate) || !read_uint(opts, "slots", 1, 1u << 20, &slots) ||
        !read_uint(opts, "quarantine", 0, 1u << 20, &quarantine) ||
        !read_uint(opts, "maxSize", 1, 1u << 26, &max_size))
      return env.Undefined();
    Napi::Value align = opts.Get("align");
    if (!align.IsUndefined()) {
      std::string a = align.IsString() ? align.As<Napi::String>().Utf8Value() : "";
      if (a != "right" && a != "left") {
        Napi::TypeError::New(env, "leakproof guard: align must be 'right' (overflows) or 'left' (underflows)")
            .ThrowAsJavaScriptException();
        return env.Undefined();
      }
      c.left_aligned = a == "left";
    }
    Napi::Value scope = opts.Get("scope");
    if (!scope.IsUndefined()) {
      std::string sc = scope.IsString() ? scope.As<Napi::String>().Utf8Value() : "";
      if (sc != "addons" && sc != "process") {
        Napi::TypeError::New(env, "leakproof guard: scope must be 'addons' or 'process'").ThrowAsJavaScriptException();
        return env.Undefined();
      }
      c.addons_only = sc == "addons";
    }
    c.sample_rate = static_cast<uint32_t>(rate);
    c.quarantine = static_cast<uint32_t>(quarantine);
    c.slots = static_cast<uint32_t>(slots);
    c.max_size = static_cast<size_t>(max_size);
  }
  const char* error = nullptr;
  if (!configure(c, &error)) {
    Napi::Error::New(env, error ? error : "leakproof guard: cannot enable").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return StatsObject(env);
}

Napi::Value GuardDisable(const Napi::CallbackInfo& info) {
  disable();
  return info.Env().Undefined();
}

Napi::Value GuardStats(const Napi::CallbackInfo& info) {
  ReentryGuard g;
  return StatsObject(info.Env());
}

}  // namespace

void register_exports(Napi::Env env, Napi::Object exports) {
  exports.Set("guardEnable", Napi::Function::New(env, GuardEnable, "guardEnable"));
  exports.Set("guardDisable", Napi::Function::New(env, GuardDisable, "guardDisable"));
  exports.Set("guardStats", Napi::Function::New(env, GuardStats, "guardStats"));
}

}  // namespace guard
}  // namespace leakproof
