#include "codec.h"

#include <cmath>
#include <cstring>

namespace voip {

std::atomic<int64_t> g_codec_states{0};

__attribute__((noinline)) CodecState* codec_open(const char* name) {
  auto* codec = new CodecState();  // one block per call: freed by codec_close()
  strncpy(codec->name, name, sizeof(codec->name) - 1);
  codec->gain = 0.8f;
  codec->noise_seed = 0x2545F491u;
  g_codec_states.fetch_add(1, std::memory_order_relaxed);
  return codec;
}

void codec_close(CodecState* codec) {
  if (!codec) return;
  delete codec;
  g_codec_states.fetch_sub(1, std::memory_order_relaxed);
}

void codec_decode(CodecState* codec, uint32_t sequence, int16_t* out, size_t samples) {
  constexpr size_t kHistory = sizeof(codec->history) / sizeof(codec->history[0]);
  for (size_t i = 0; i < samples; ++i) {
    codec->noise_seed = codec->noise_seed * 1664525u + 1013904223u;  // comfort noise
    const float tone = std::sin(static_cast<float>(sequence * samples + i) * 0.0785f);
    const float noise = static_cast<float>(codec->noise_seed >> 16) / 65536.0f - 0.5f;
    const float sample = codec->gain * (0.9f * tone + 0.02f * noise) + 0.1f * codec->history[i % kHistory];
    codec->history[i % kHistory] = sample;
    out[i] = static_cast<int16_t>(sample * 32000.0f);
  }
}

}  // namespace voip
