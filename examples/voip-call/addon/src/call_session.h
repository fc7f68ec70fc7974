// One call: a jitter buffer, pool buffers in flight and a codec state. dial() sets it up (or fails),
// process_frames() runs on a libuv worker thread, hangup() gives everything back.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "codec.h"
#include "jitter_buffer.h"

namespace voip {

/** The planted defects, switched from JavaScript (setDefects); all off by default. */
struct Defects {
  std::atomic<bool> pool{false};   // hangup() keeps its flush buffer instead of returning it to the pool
  std::atomic<bool> codec{false};  // a failed dial() forgets to close the codec it opened
};
Defects& defects();

struct FrameStats {
  uint32_t played = 0;
  uint32_t dropped = 0;
  double rms = 0;
};

/** Number of sessions alive (dialled and not hung up). */
extern std::atomic<int64_t> g_active_calls;

class CallSession {
 public:
  static constexpr size_t kJitterDepth = 6;  // 120 ms

  /** A connected call, or nullptr with `*busy` set when the callee is busy (a number ending in "BUSY"). */
  static CallSession* dial(const char* number, bool* busy);
  ~CallSession();
  CallSession(const CallSession&) = delete;
  CallSession& operator=(const CallSession&) = delete;

  /** Decodes `count` frames into pool buffers and plays out what leaves the jitter buffer (worker thread). */
  FrameStats process_frames(uint32_t count);
  /** Returns every buffer to the pool and closes the codec. Call once, then delete. */
  void hangup();

 private:
  explicit CallSession(const std::string& number);
  std::string number_;
  JitterBuffer jitter_;
  CodecState* codec_ = nullptr;  // owned: opened by dial(), closed by hangup()
  uint32_t sequence_ = 0;
};

}  // namespace voip
