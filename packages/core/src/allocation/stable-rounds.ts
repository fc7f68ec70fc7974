/** One measured round: its per-call value and whether it can be trusted as a candidate. */
export interface RoundValue {
  perCall: number;
  /** false: the round is recorded but not a candidate (a GC ran during a JS round). */
  candidate: boolean;
}

export interface StableRounds<T extends RoundValue> {
  rounds: T[];
  /** Index of the lowest candidate that another candidate repeats (or the median candidate when none repeats). */
  best: number;
  /** Whether a repeated value was found. */
  stable: boolean;
}

/**
 * Runs rounds (at least `minRounds`, at most `maxRounds`) until the lowest value that another round repeats within
 * `tolerance` per call is found. One-off costs (JIT code installed mid-round, lazy init, a GC's own allocations)
 * only add to a round; a lone low round (V8's concurrent sweeper lowering the used-heap figure mid-round) is not
 * repeated, so it is not taken.
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
    const repeated = lowestRepeated(rounds, tolerance);
    if (repeated >= 0 && rounds.length >= minRounds) return { rounds, best: repeated, stable: true };
    if (rounds.length >= maxRounds) return { rounds, best: repeated >= 0 ? repeated : medianCandidate(rounds), stable: repeated >= 0 };
  }
}

/** Index of the lowest candidate round that another candidate is within `tolerance` of; -1 when none. */
export function lowestRepeated(rounds: readonly RoundValue[], tolerance: number): number {
  const order = candidateIndices(rounds).sort((a, b) => (rounds[a] as RoundValue).perCall - (rounds[b] as RoundValue).perCall);
  for (let k = 0; k + 1 < order.length; k++) {
    const here = rounds[order[k] as number] as RoundValue;
    const next = rounds[order[k + 1] as number] as RoundValue;
    if (next.perCall - here.perCall <= tolerance) return order[k] as number;
  }
  return -1;
}

function medianCandidate(rounds: readonly RoundValue[]): number {
  const indices = candidateIndices(rounds);
  const pool = indices.length > 0 ? indices : rounds.map((_, index) => index);
  pool.sort((a, b) => (rounds[a] as RoundValue).perCall - (rounds[b] as RoundValue).perCall);
  return pool[Math.floor(pool.length / 2)] as number;
}

function candidateIndices(rounds: readonly RoundValue[]): number[] {
  const indices: number[] = [];
  rounds.forEach((round, index) => {
    if (round.candidate) indices.push(index);
  });
  return indices;
}
