#include "call_session.h"

#include <cmath>

#include "audio_pool.h"

namespace voip {

std::atomic<int64_t> g_active_calls{0};

Defects& defects() {
  static Defects planted;
  return planted;
}

namespace {

bool callee_is_busy(const std::string& number) {
  static const std::string kBusy = "BUSY";
  return number.size() >= kBusy.size() && number.compare(number.size() - kBusy.size(), kBusy.size(), kBusy) == 0;
}

double rms_of(const int16_t* frame) {
  double sum = 0;
  for (size_t i = 0; i < AudioBufferPool::kFrameSamples; ++i) sum += static_cast<double>(frame[i]) * frame[i];
  return std::sqrt(sum / AudioBufferPool::kFrameSamples);
}

}  // namespace

CallSession::CallSession(const std::string& number) : number_(number), jitter_(kJitterDepth) {
  g_active_calls.fetch_add(1, std::memory_order_relaxed);
}

CallSession::~CallSession() { g_active_calls.fetch_sub(1, std::memory_order_relaxed); }

CallSession* CallSession::dial(const char* number, bool* busy) {
  AudioBufferPool::resolve_leakproof();
  auto* session = new CallSession(number);
  session->codec_ = codec_open("wideband-16k");  // VOIP_CODEC_OPEN_SITE: negotiated before signalling
  *busy = callee_is_busy(number);
  if (*busy) {
    // Failure path: undo what dial() set up.
    if (!defects().codec.load()) codec_close(session->codec_);  // VOIP_DEFECT_CODEC: skipped -> codec state leaks
    session->codec_ = nullptr;
    delete session;
    return nullptr;
  }
  return session;
}

FrameStats CallSession::process_frames(uint32_t count) {
  AudioBufferPool& pool = AudioBufferPool::instance();
  FrameStats stats;
  double energy = 0;
  for (uint32_t i = 0; i < count; ++i) {
    int16_t* frame = pool.acquire();
    if (!frame) {
      ++stats.dropped;
      continue;
    }
    codec_decode(codec_, sequence_++, frame, AudioBufferPool::kFrameSamples);
    if (int16_t* played = jitter_.push(frame)) {
      energy += rms_of(played);
      ++stats.played;
      pool.release(played);
    }
  }
  stats.rms = stats.played ? energy / stats.played : 0;
  return stats;
}

void CallSession::hangup() {
  AudioBufferPool& pool = AudioBufferPool::instance();
  while (int16_t* frame = jitter_.pop()) pool.release(frame);
  // Flush the decoder: one last frame of comfort noise so the far end does not hear a click.
  int16_t* flush = pool.acquire();  // VOIP_POOL_FLUSH_SITE: the buffer taken on hangup
  if (flush) {
    codec_decode(codec_, sequence_++, flush, AudioBufferPool::kFrameSamples);
    if (!defects().pool.load()) pool.release(flush);  // VOIP_DEFECT_POOL: skipped -> the buffer never returns
  }
  codec_close(codec_);
  codec_ = nullptr;
}

}  // namespace voip
