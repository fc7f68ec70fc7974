/** One measured round: its per-call value and whether it can be trusted as a candidate for the minimum. */
export interface RoundValue {
  perCall: number;
  /** false: the round is recorded but not a candidate (a GC ran during a JS round). */
  candidate: boolean;
}

export interface StableRounds<T extends RoundValue> {
  rounds: T[];
  /** Index of the lowest candidate round (or the lowest round when none was a candidate). */
  best: number;
  /** Whether the two lowest candidates agreed within the tolerance. */
  stable: boolean;
}

/**
 * Runs rounds until the two lowest candidate rounds agree within `tolerance` per call (at least `minRounds`, at most
 * `maxRounds`). One-off costs (JIT code installed mid-round, a lazy table, a GC's own allocations) only ever add to
 * a round, so the per-call cost of fn is the lowest value that repeats.
 */
export async function runUntilStable<T extends RoundValue>(
  measure: () => Promise<T>,
  minRounds: number,
  maxRounds: number,
  tolerance: number,
): Promise<StableRounds<T>> {
  const rounds: T[] = [];
  for (;;) {
    rounds.push(await measure());
    const candidates = rounds.filter((round) => round.candidate).map((round) => round.perCall).sort((a, b) => a - b);
    const stable = candidates.length >= 2 && (candidates[1] as number) - (candidates[0] as number) <= tolerance;
    if ((rounds.length >= minRounds && stable) || rounds.length >= maxRounds) {
      return { rounds, best: lowest(rounds), stable };
    }
  }
}

function lowest(rounds: readonly RoundValue[]): number {
  const anyCandidate = rounds.some((round) => round.candidate);
  let best = -1;
  rounds.forEach((round, index) => {
    if (anyCandidate && !round.candidate) return;
    if (best < 0 || round.perCall < (rounds[best] as RoundValue).perCall) best = index;
  });
  return best;
}
