import type { ByteInput, LeakOptions } from '../options.js';
import type { AllocationLimits } from '../allocation/allocation-options.js';
import type { PlateauOptions } from '../monitor/plateau-options.js';

/** `toStayUnder` limit: one byte size (bounds heap + external) or per metric; `native` needs the native tracker. */
export type PeakLimit = ByteInput | { heap?: ByteInput; external?: ByteInput; native?: ByteInput; rss?: ByteInput; total?: ByteInput };

/** `toStayUnder({ budget })`: the committed budget (`__memory__/<test file>.json`) with a per-test tolerance. */
export interface PeakBudget {
  budget: true | { tolerance?: number | string; metrics?: Array<'jsAllocated' | 'heapPeak' | 'externalPeak' | 'nativePeak'> };
}

/** The matchers leakproof adds to `expect(...)` in every runner. Async: always `await` them. */
export interface LeakproofMatchers {
  /** Runs fn many times under forced GC and fails when heap, external or native memory grows per call. */
  toNotLeak(options?: LeakOptions): Promise<void>;
  /**
   * Runs fn once and fails when its peak memory above the post-GC baseline exceeds `limit`; with no limit (or
   * `{ budget }`), when it exceeds the test's committed budget in `__memory__/<test file>.json` by more than the tolerance.
   */
  toStayUnder(limit?: PeakLimit | PeakBudget): Promise<void>;
  /** On a WeakRef or a probe from `track(obj, 'label')`: fails when the object survives full GCs, with its retainer path. */
  toBeCollected(): Promise<void>;
  /** On a monitor from leakproof.monitor(): fails when memory keeps growing after warm-up, with slope, window and sparkline. */
  toPlateau(options?: PlateauOptions): Promise<void>;
  /** Allocations per call of fn (like Go's allocs/op): native count / bytes (tracker) and JS heap bytes (`js`). */
  toAllocateAtMost(limits: AllocationLimits): Promise<void>;
}
