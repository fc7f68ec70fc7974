#include "owner_gate.h"

#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace leakproof {

std::atomic<bool> g_gate_asymmetric{false};

namespace {
long membarrier(int cmd) { return syscall(SYS_membarrier, cmd, 0, 0); }
bool register_membarrier() {
  long supported = membarrier(MEMBARRIER_CMD_QUERY);
  if (supported < 0 || !(supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED)) return false;
  return membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0;
}
}  // namespace

bool gate_init() {
  static bool done = false;
  if (!done) {
    done = true;
    // LEAKPROOF_GATE_FENCE=1: never use membarrier (owners fence themselves). For kernels where it
    // misbehaves, and so the tests can run the fallback.
    const char* fence = getenv("LEAKPROOF_GATE_FENCE");
    const bool forced = fence && *fence && strcmp(fence, "0") != 0;
    g_gate_asymmetric.store(!forced && register_membarrier());
  }
  return g_gate_asymmetric.load();
}

__attribute__((noinline)) int gate_enter_slow(OwnerGate& g) {
  for (;;) {
    if (g_gate_asymmetric.load(std::memory_order_relaxed)) {
      g.busy.store(1, std::memory_order_relaxed);
      std::atomic_signal_fence(std::memory_order_seq_cst);
    } else {
      g.busy.exchange(1, std::memory_order_seq_cst);
    }
    int flags = g.claimed.load(std::memory_order_acquire);
    if (!(flags & kGateClaimed)) return flags;
    g.busy.store(0, std::memory_order_release);
    while (g.claimed.load(std::memory_order_acquire) & kGateClaimed) sched_yield();
  }
}

int gate_flags(bool recording) {
  return (g_gate_asymmetric.load(std::memory_order_relaxed) ? 0 : kGateSymmetric) | (recording ? 0 : kGateStopped);
}

void gate_claim(OwnerGate& g) {
  g.claimed.store(g.claimed.load(std::memory_order_relaxed) | kGateClaimed, std::memory_order_seq_cst);
}

void gate_barrier() {
  if (g_gate_asymmetric.load() && membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return;
  // Not expected once registered. Owners switch to the exchange from their next update on (the released
  // gates carry kGateSymmetric). Owners already past a fence-free entry still need a barrier on their
  // side for this round: MEMBARRIER_CMD_GLOBAL needs no registration (slow: it waits for every CPU).
  const bool was_asymmetric = g_gate_asymmetric.exchange(false);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (was_asymmetric) (void)membarrier(MEMBARRIER_CMD_GLOBAL);
}

void gate_wait_idle(OwnerGate& g) {
  for (int spins = 0; g.busy.load(std::memory_order_acquire); ++spins) {
    if (spins > 64) sched_yield();
  }
}

void gate_release(OwnerGate& g, int flags) { g.claimed.store(flags, std::memory_order_release); }

void gate_after_fork_child() {
  if (g_gate_asymmetric.load() && !register_membarrier()) g_gate_asymmetric.store(false);
}

}  // namespace leakproof
