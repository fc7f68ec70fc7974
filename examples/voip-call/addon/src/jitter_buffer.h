// A fixed-depth jitter buffer of decoded frames (pool buffers), oldest played out first.
#pragma once

#include <cstddef>
#include <cstdint>

namespace voip {

class JitterBuffer {
 public:
  explicit JitterBuffer(size_t depth);
  ~JitterBuffer();
  JitterBuffer(const JitterBuffer&) = delete;
  JitterBuffer& operator=(const JitterBuffer&) = delete;

  /** Queues `frame`; when full, returns the oldest frame (played out, the caller owns it), else nullptr. */
  int16_t* push(int16_t* frame);
  /** Removes and returns the oldest frame, or nullptr when empty. */
  int16_t* pop();
  size_t size() const { return size_; }

 private:
  int16_t** slots_;
  size_t depth_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace voip
