// Owner gate: how a thread's per-thread tracker state (pending table, pending counters, profile) is
// updated lock-free by its owner and still read exactly by other threads.
//
// The owner brackets each update with busy = 1 ... busy = 0 and checks `claimed` after raising busy.
// A claimer (holding the tracker lock) raises `claimed` on every thread, then waits until each busy
// is 0; from then on it owns every thread's state until it releases the claims. This is Dekker's
// mutual exclusion with the owner's store-load fence moved to the claimer: membarrier(PRIVATE_EXPEDITED)
// runs a full barrier on every running thread of the process, so the owner's hot path is two plain
// stores and a load (no atomic read-modify-write). Where membarrier is unavailable the owner uses
// a sequentially consistent exchange instead (correct, slower).
#pragma once
#include <sched.h>

#include <atomic>

namespace leakproof {

struct OwnerGate {
  std::atomic<int> busy{0};
  std::atomic<int> claimed{0};
};

// Set once at install (membarrier registered); cleared in a fork child if re-registration fails.
extern std::atomic<bool> g_gate_asymmetric;

// Out of line: the symmetric fallback, and waiting while a claimer holds the gate.
void gate_enter_slow(OwnerGate& g);

inline void gate_enter(OwnerGate& g) {
  if (__builtin_expect(g_gate_asymmetric.load(std::memory_order_relaxed), 1)) {
    g.busy.store(1, std::memory_order_relaxed);
    std::atomic_signal_fence(std::memory_order_seq_cst);  // the claimer's membarrier supplies the fence
    if (__builtin_expect(!g.claimed.load(std::memory_order_acquire), 1)) return;
  }
  gate_enter_slow(g);
}

inline void gate_exit(OwnerGate& g) { g.busy.store(0, std::memory_order_release); }

// Registers membarrier; false: the owners use the symmetric fallback.
bool gate_init();
// Claimer side (tracker lock held): raise every claim, one process-wide barrier, wait for the owners.
void gate_claim(OwnerGate& g);
void gate_barrier();
void gate_wait_idle(OwnerGate& g);
void gate_release(OwnerGate& g);
// fork child: membarrier registration belongs to the parent's mm; register again or fall back.
void gate_after_fork_child();

}  // namespace leakproof
