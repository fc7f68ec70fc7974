// A toy wideband decoder: its state is one heap block per call (history, gain, noise seed).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace voip {

struct CodecState {
  char name[24];
  float history[960];  // 60 ms of decoder history
  float gain;
  uint32_t noise_seed;
};

/** Number of codec states alive (opened and not closed). */
extern std::atomic<int64_t> g_codec_states;

CodecState* codec_open(const char* name);
void codec_close(CodecState* codec);
/** Decodes frame `sequence` into `out` (`samples` int16 samples). */
void codec_decode(CodecState* codec, uint32_t sequence, int16_t* out, size_t samples);

}  // namespace voip
