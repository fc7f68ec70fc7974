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

// `claimed` holds flags. kGateClaimed: a claimer owns the thread's state (the owner waits). The two others
// stay set between claims and only send the owner off its fast path: kGateSymmetric (no membarrier: the
// owner must fence itself) and kGateStopped (no window is recording: the allocation fast path must not
// record). So the owner's fast path tests one word: 0 means enter, no fence needed, recording on.
constexpr int kGateClaimed = 1, kGateSymmetric = 2, kGateStopped = 4;

struct OwnerGate {
  std::atomic<int> busy{0};
  std::atomic<int> claimed{kGateStopped};  // a new thread's gate: set from gate_flags() when registered
};

// Set once at install (membarrier registered); cleared in a fork child if re-registration fails.
extern __attribute__((visibility("hidden"))) std::atomic<bool> g_gate_asymmetric;

// Out of line: the symmetric protocol, and waiting while a claimer holds the gate.
int gate_enter_slow(OwnerGate& g);
// The owner's fast path: true when it entered a gate with no flag set (recording, membarrier mode);
// false: it is outside again, and the caller takes its slow path (which enters with gate_enter).
inline bool gate_try_enter_recording(OwnerGate& g) {
  g.busy.store(1, std::memory_order_relaxed);
  std::atomic_signal_fence(std::memory_order_seq_cst);  // the claimer's membarrier supplies the fence
  if (__builtin_expect(g.claimed.load(std::memory_order_acquire) == 0, 1)) return true;
  g.busy.store(0, std::memory_order_release);
  return false;
}
// Enters the gate in any state; returns the flags it saw once inside (never kGateClaimed).
inline int gate_enter(OwnerGate& g) {
  if (__builtin_expect(gate_try_enter_recording(g), 1)) return 0;
  return gate_enter_slow(g);
}
inline void gate_exit(OwnerGate& g) { g.busy.store(0, std::memory_order_release); }
// Registers membarrier; false: the owners use the symmetric fallback.
bool gate_init();
// The flags every unclaimed gate holds, from the fence mode and `recording` (tracker lock held).
int gate_flags(bool recording);
// Claimer side (tracker lock held): raise every claim, one process-wide barrier, wait for the owners.
// gate_release leaves `flags` (gate_flags()) in the gate.
void gate_claim(OwnerGate& g);
void gate_barrier();
void gate_wait_idle(OwnerGate& g);
void gate_release(OwnerGate& g, int flags);
// fork child: membarrier registration belongs to the parent's mm; register again or fall back.
void gate_after_fork_child();

}  // namespace leakproof
