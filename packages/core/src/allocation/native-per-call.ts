/** One measured round of native allocations, per call. */
export interface NativeRoundCounts {
  perCall: number;
  bytesPerCall: number;
}

export interface NativePerCall<T extends NativeRoundCounts> {
  /** fn's round with the fewest allocations. */
  best: T;
  countPerCall: number;
  bytesPerCall: number;
  /** The empty loop's own figure (its lowest round), subtracted. */
  baselineCountPerCall: number;
  countExceeded: boolean;
  bytesExceeded: boolean;
  /**
   * A figure is over its limit by no more than the rounds varied (fn's or the empty loop's, highest less lowest):
   * the excess may be engine allocations that came in every round of fn so far. More rounds of fn decide.
   */
  unconfirmed: boolean;
}

/**
 * fn's native allocations per call: its lowest round less the empty loop's lowest round (measured before and after
 * fn). Native counts of the thread only ever gain from the engine (a Maglev job finalized on the JS thread mid-round
 * added 0.03 per call to 3 of 4 rounds on Node 24; a loaded CI machine had 2 more per 100 calls in 2 of 3 empty
 * rounds), so each side's lowest round is its truest. Taken the same way on both sides: an engine allocation in most
 * empty rounds is not subtracted from a round of fn that had none (the old rule, the higher of the two sides' lowest
 * repeated rounds, reported "3.98 native allocations" for 4 per call). The empty loop has more rounds than fn, so its
 * lowest is likelier to be clean: when every round of fn carried engine allocations, fn's figure is high by them,
 * which `unconfirmed` flags when that is what puts it over a limit.
 */
export function nativePerCall<T extends NativeRoundCounts>(
  fnRounds: readonly T[],
  emptyRounds: readonly T[],
  limits: { count?: number | undefined; bytes?: number | undefined } = {},
): NativePerCall<T> {
  const best = lowest(fnRounds, (round) => round.perCall);
  const empty = lowest(emptyRounds, (round) => round.perCall);
  const countPerCall = Math.max(0, best.perCall - empty.perCall);
  const bytesPerCall = Math.max(0, best.bytesPerCall - empty.bytesPerCall);
  const countExceeded = limits.count !== undefined && countPerCall > limits.count;
  const bytesExceeded = limits.bytes !== undefined && bytesPerCall > limits.bytes;
  const spread = (rounds: readonly T[], value: (round: T) => number): number => Math.max(...rounds.map(value)) - Math.min(...rounds.map(value));
  const countSpread = Math.max(spread(fnRounds, (round) => round.perCall), spread(emptyRounds, (round) => round.perCall));
  const bytesSpread = Math.max(spread(fnRounds, (round) => round.bytesPerCall), spread(emptyRounds, (round) => round.bytesPerCall));
  const unconfirmed =
    (countExceeded && countPerCall - (limits.count as number) <= countSpread) || (bytesExceeded && bytesPerCall - (limits.bytes as number) <= bytesSpread);
  return { best, countPerCall, bytesPerCall, baselineCountPerCall: empty.perCall, countExceeded, bytesExceeded, unconfirmed };
}

function lowest<T>(rounds: readonly T[], value: (round: T) => number): T {
  return rounds.reduce((low, round) => (value(round) < value(low) ? round : low));
}
