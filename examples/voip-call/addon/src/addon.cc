// N-API bindings of the call-session simulator:
//   startCall(number) -> CallHandle (throws an Error with code 'CALL_BUSY' when the callee is busy)
//   CallHandle.processFrames(count) -> Promise<{ played, dropped, rms }>   (decoded on a libuv worker thread)
//   CallHandle.endCall()                                                   (hangs up, frees everything)
//   setDefects({ pool, codec }), stats() -> { activeCalls, buffersInUse, poolCapacity, codecStates }
#include <napi.h>

#include <string>

#include "audio_pool.h"
#include "call_session.h"
#include "codec.h"

namespace voip {
namespace {

class CallHandle : public Napi::ObjectWrap<CallHandle> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "CallHandle",
                       {InstanceMethod<&CallHandle::ProcessFrames>("processFrames"),
                        InstanceMethod<&CallHandle::EndCall>("endCall"),
                        InstanceAccessor<&CallHandle::Ended>("ended")});
  }

  explicit CallHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<CallHandle>(info) {
    if (info.Length() != 1 || !info[0].IsExternal()) {
      throw Napi::TypeError::New(info.Env(), "CallHandle is created by startCall(number)");
    }
    session_ = info[0].As<Napi::External<CallSession>>().Data();
  }

  // Safety net for a handle dropped without endCall(): the GC finalizer hangs up. A handle with frames in
  // flight cannot be collected (the worker holds a reference to it).
  ~CallHandle() override { Close(); }

  CallSession* session() const { return session_; }
  void set_in_flight(bool in_flight) { in_flight_ = in_flight; }

 private:
  Napi::Value ProcessFrames(const Napi::CallbackInfo& info);

  Napi::Value EndCall(const Napi::CallbackInfo& info) {
    if (!session_) throw Napi::Error::New(info.Env(), "endCall(): the call has already ended");
    if (in_flight_) throw Napi::Error::New(info.Env(), "endCall(): frames are still being processed; await processFrames() first");
    Close();
    return info.Env().Undefined();
  }

  Napi::Value Ended(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), session_ == nullptr); }

  void Close() {
    if (!session_) return;
    session_->hangup();
    delete session_;
    session_ = nullptr;
  }

  CallSession* session_ = nullptr;
  bool in_flight_ = false;
};

class FrameWorker : public Napi::AsyncWorker {
 public:
  FrameWorker(Napi::Env env, CallHandle* handle, Napi::Object self, uint32_t count)
      : Napi::AsyncWorker(env, "voip:processFrames"),
        deferred_(Napi::Promise::Deferred::New(env)),
        handle_(handle),
        self_(Napi::Persistent(self)),
        count_(count) {}

  Napi::Promise promise() const { return deferred_.Promise(); }

  void Execute() override { stats_ = handle_->session()->process_frames(count_); }

  void OnOK() override {
    handle_->set_in_flight(false);
    Napi::Object result = Napi::Object::New(Env());
    result.Set("played", Napi::Number::New(Env(), stats_.played));
    result.Set("dropped", Napi::Number::New(Env(), stats_.dropped));
    result.Set("rms", Napi::Number::New(Env(), stats_.rms));
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override {
    handle_->set_in_flight(false);
    deferred_.Reject(error.Value());
  }

 private:
  Napi::Promise::Deferred deferred_;
  CallHandle* handle_;
  Napi::ObjectReference self_;  // keeps the handle (and its session) alive while the worker runs
  uint32_t count_;
  FrameStats stats_;
};

Napi::Value CallHandle::ProcessFrames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(env, "processFrames(count): count must be a number of frames");
  const double count = info[0].As<Napi::Number>().DoubleValue();
  if (!(count >= 1 && count <= 1e6) || count != static_cast<double>(static_cast<uint32_t>(count))) {
    throw Napi::RangeError::New(env, "processFrames(count): count must be an integer from 1 to 1000000");
  }
  if (!session_) throw Napi::Error::New(env, "processFrames(): the call has ended");
  if (in_flight_) throw Napi::Error::New(env, "processFrames(): frames are already being processed; await the previous call");
  in_flight_ = true;
  auto* worker = new FrameWorker(env, this, info.This().As<Napi::Object>(), static_cast<uint32_t>(count));
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

struct AddonData {
  Napi::FunctionReference call_handle;
};

Napi::Value StartCall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "startCall(number): number must be a string");
  const std::string number = info[0].As<Napi::String>().Utf8Value();
  if (number.empty()) throw Napi::TypeError::New(env, "startCall(number): number must not be empty");
  bool busy = false;
  CallSession* session = CallSession::dial(number.c_str(), &busy);
  if (!session) {
    Napi::Error error = Napi::Error::New(env, "call to " + number + " failed: callee busy");
    error.Set("code", Napi::String::New(env, "CALL_BUSY"));
    throw error;
  }
  AddonData* data = env.GetInstanceData<AddonData>();
  return data->call_handle.New({Napi::External<CallSession>::New(env, session)});
}

Napi::Value SetDefects(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "setDefects({ pool, codec }): expected an object of booleans");
  Napi::Object planted = info[0].As<Napi::Object>();
  defects().pool.store(planted.Get("pool").ToBoolean().Value());
  defects().codec.store(planted.Get("codec").ToBoolean().Value());
  return env.Undefined();
}

Napi::Value Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object stats = Napi::Object::New(env);
  stats.Set("activeCalls", Napi::Number::New(env, static_cast<double>(g_active_calls.load())));
  stats.Set("buffersInUse", Napi::Number::New(env, static_cast<double>(AudioBufferPool::instance().in_use())));
  stats.Set("poolCapacity", Napi::Number::New(env, static_cast<double>(AudioBufferPool::kCapacity)));
  stats.Set("codecStates", Napi::Number::New(env, static_cast<double>(g_codec_states.load())));
  return stats;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  AudioBufferPool::instance();  // the slab is allocated at load time, outside any measurement
  auto* data = new AddonData{Napi::Persistent(CallHandle::Define(env))};
  env.SetInstanceData(data);
  exports.Set("startCall", Napi::Function::New(env, StartCall));
  exports.Set("setDefects", Napi::Function::New(env, SetDefects));
  exports.Set("stats", Napi::Function::New(env, Stats));
  return exports;
}

}  // namespace
}  // namespace voip

namespace {
Napi::Object InitAddon(Napi::Env env, Napi::Object exports) { return voip::Init(env, exports); }
}  // namespace

NODE_API_MODULE(voip_call, InitAddon)
