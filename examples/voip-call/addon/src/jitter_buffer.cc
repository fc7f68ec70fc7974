#include "jitter_buffer.h"

#include <cstdlib>
#include <new>

namespace voip {

JitterBuffer::JitterBuffer(size_t depth) : depth_(depth) {
  slots_ = static_cast<int16_t**>(calloc(depth, sizeof(int16_t*)));
  if (!slots_) throw std::bad_alloc();
}

JitterBuffer::~JitterBuffer() { free(slots_); }

int16_t* JitterBuffer::push(int16_t* frame) {
  int16_t* played = size_ == depth_ ? pop() : nullptr;
  slots_[(head_ + size_) % depth_] = frame;
  ++size_;
  return played;
}

int16_t* JitterBuffer::pop() {
  if (size_ == 0) return nullptr;
  int16_t* frame = slots_[head_];
  slots_[head_] = nullptr;
  head_ = (head_ + 1) % depth_;
  --size_;
  return frame;
}

}  // namespace voip
