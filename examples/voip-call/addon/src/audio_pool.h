// A fixed pool of 20 ms audio frame buffers, shared by every call. The slab is allocated once; each
// buffer handed out is registered with leakproof (native/include/leakproof.h), so a buffer that is never
// returned shows up in a leakproof report as a live "audio-buffer" with the stack that took it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace voip {

class AudioBufferPool {
 public:
  static constexpr size_t kFrameSamples = 320;  // 20 ms of 16 kHz mono
  static constexpr size_t kFrameBytes = kFrameSamples * sizeof(int16_t);
  static constexpr size_t kCapacity = 16384;  // 10 MiB of address space, touched only when used

  static AudioBufferPool& instance();

  /** A free buffer, or nullptr when the pool is exhausted. Thread-safe. */
  int16_t* acquire();
  /** Returns a buffer taken with acquire(). Thread-safe. */
  void release(int16_t* buffer);
  size_t in_use() const;

  /** Looks up leakproof's C API while it is not found (leakproof may be loaded after this addon). */
  static void resolve_leakproof();

 private:
  AudioBufferPool();
  int16_t* slab_;
  std::vector<size_t> free_slots_;
  mutable std::mutex mu_;
};

}  // namespace voip
