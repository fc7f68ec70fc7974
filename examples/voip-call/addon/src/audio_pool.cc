#include "audio_pool.h"

#include <cstdlib>
#include <new>

#define LEAKPROOF_RESOLVER
#include <leakproof.h>

namespace voip {
namespace {

std::atomic<leakproof_track_fn> g_track{nullptr};
std::atomic<leakproof_untrack_fn> g_untrack{nullptr};

}  // namespace

void AudioBufferPool::resolve_leakproof() {
  if (g_track.load(std::memory_order_acquire)) return;
  leakproof_track_fn track = nullptr;
  leakproof_untrack_fn untrack = nullptr;
  if (!leakproof_resolve(&track, &untrack)) return;  // not loaded: the pool works untracked
  g_untrack.store(untrack, std::memory_order_release);
  g_track.store(track, std::memory_order_release);
}

AudioBufferPool& AudioBufferPool::instance() {
  static AudioBufferPool pool;
  return pool;
}

AudioBufferPool::AudioBufferPool() {
  slab_ = static_cast<int16_t*>(malloc(kFrameBytes * kCapacity));
  if (!slab_) throw std::bad_alloc();
  free_slots_.reserve(kCapacity);
  for (size_t slot = kCapacity; slot > 0; --slot) free_slots_.push_back(slot - 1);
}

__attribute__((noinline)) int16_t* AudioBufferPool::acquire() {
  int16_t* buffer = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_slots_.empty()) return nullptr;
    buffer = slab_ + free_slots_.back() * kFrameSamples;
    free_slots_.pop_back();
  }
  if (leakproof_track_fn track = g_track.load(std::memory_order_acquire)) {
    track(buffer, kFrameBytes, "audio-buffer");  // the stack recorded for this buffer starts here
  }
  return buffer;
}

void AudioBufferPool::release(int16_t* buffer) {
  if (!buffer) return;
  if (leakproof_untrack_fn untrack = g_untrack.load(std::memory_order_acquire)) untrack(buffer);
  std::lock_guard<std::mutex> lock(mu_);
  free_slots_.push_back(static_cast<size_t>(buffer - slab_) / kFrameSamples);
}

size_t AudioBufferPool::in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  return kCapacity - free_slots_.size();
}

}  // namespace voip
