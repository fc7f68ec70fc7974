import { IterationError } from './errors.js';
import { fullGc, nextMacrotask } from './gc.js';

export type CycleFn = () => unknown;
export type Stage = IterationError['stage'];

/**
 * The call-cycle harness. One "step" is: call fn `batch` times (awaiting promises), one macrotask turn, one full GC,
 * then read every metric into a preallocated Float64Array slot. Warm-up runs the very same step (into a scratch
 * slot), so JIT and inline caches of the whole measured path are settled before the first real sample.
 */
export class CycleHarness {
  readonly series: Float64Array[];
  /** Calls of fn made so far (warm-up included); 1-based iteration numbers in errors come from it. */
  calls = 0;
  readonly scratchSlot: number;

  constructor(
    private readonly fn: CycleFn,
    private readonly matcher: string,
    private readonly samplers: ReadonlyArray<() => number>,
    capacity: number,
  ) {
    this.scratchSlot = capacity;
    this.series = samplers.map(() => new Float64Array(capacity + 1));
  }

  async step(batch: number, slot: number, stage: Stage): Promise<void> {
    await this.call(batch, stage);
    await nextMacrotask();
    fullGc();
    const samplers = this.samplers;
    for (let m = 0; m < samplers.length; m++) {
      (this.series[m] as Float64Array)[slot] = (samplers[m] as () => number)();
    }
  }

  /** Calls fn `batch` times, awaiting each promise, and nothing else (no macrotask turn, no GC, no sample). */
  async call(batch: number, stage: Stage): Promise<void> {
    for (let i = 0; i < batch; i++) {
      this.calls++;
      let result: unknown;
      try {
        result = this.fn();
      } catch (error) {
        throw new IterationError(this.matcher, this.calls, stage, error);
      }
      if (isThenable(result)) {
        try {
          await result;
        } catch (error) {
          throw new IterationError(this.matcher, this.calls, stage, error);
        }
      }
    }
  }

  /** Reads metric `m` now, without calling fn or collecting (the caller decides when to GC). */
  readMetric(m: number): number {
    return (this.samplers[m] as () => number)();
  }
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
