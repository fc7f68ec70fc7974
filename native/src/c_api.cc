// C API for code under test (see include/leakproof.h).
#define LEAKPROOF_BUILDING 1
#include "../include/leakproof.h"
#include "tracker.h"

using namespace leakproof;

extern "C" void leakproof_track(const void* ptr, size_t size, const char* kind) {
  if (!ptr || __builtin_expect(!g_recording.load(std::memory_order_relaxed), 1) || t_tls.depth != 0) return;
  ReentryGuard g;
  on_custom_track(ptr, size, kind, static_cast<const uintptr_t*>(__builtin_frame_address(0)));
}

extern "C" void leakproof_untrack(const void* ptr) {
  // Untrack even while inside tracker code is impossible; outside, always honour it (cheap).
  if (!ptr || t_tls.depth != 0) return;
  if (!g_recording.load(std::memory_order_relaxed)) return;  // table frozen after stop()
  ReentryGuard g;
  on_custom_untrack(ptr);
}
