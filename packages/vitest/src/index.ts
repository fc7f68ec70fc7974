import type {} from 'vitest';
import { leakproofMatchers } from './matchers.js';
import { registerBudgetReport } from './budgets.js';
import type { LeakproofMatchers } from './types.js';

/**
 * Registers the matchers on the `expect` of the Vitest instance that is running this file. It is taken from the
 * runner's global slot rather than from `import { expect } from 'vitest'`, so a workspace where another copy of
 * vitest is resolvable (Vitest 4 next to 5, a hoisted peer) still extends the right one.
 */
const GLOBAL_EXPECT = Symbol.for('expect-global');
const runnerExpect = (globalThis as Record<symbol, unknown>)[GLOBAL_EXPECT] as
  | { extend?: (matchers: object) => void; getState?: () => { snapshotState?: unknown } }
  | undefined;
if (typeof runnerExpect?.extend !== 'function') {
  throw new Error(
    "@leakproof/vitest: no running Vitest found. Load it from Vitest: test.setupFiles: ['@leakproof/vitest'] in vitest.config, " +
      "or import '@leakproof/vitest' at the top of a test file.",
  );
}
runnerExpect.extend(leakproofMatchers);
registerBudgetReport(() => runnerExpect.getState?.());

/*
 * Typings for Vitest 4 (`interface Matchers<T = any>`) and Vitest 5 (`interface Matchers<R, T>`): every type
 * parameter of both declarations has a default, so a declaration with no type parameters merges with either.
 * Our matchers return Promise<void> whatever the assertion's return type, so they need none.
 */
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers extends LeakproofMatchers {}
}

export { leakproofMatchers, toNotLeak, toStayUnder, toBeCollected } from './matchers.js';
export { track, CollectionProbe, configureBudgets, type BudgetSettings, type BudgetOutcome } from '@leakproof/core';
export { toPlateau, toAllocateAtMost } from './matchers.js';
export { monitor, leakproof } from './monitor.js';
export { MemoryMonitor, MemoryCriticalError } from '@leakproof/core';
export { withGuardPages, enableGuardPages, disableGuardPages, type GuardPageOptions, type GuardPageStats } from '@leakproof/core';
export type { LeakproofMatchers, PeakLimit, LeakOptions, ByteInput } from './types.js';
export type { AllocationLimits, MonitorOptions, MonitorThreshold, PlateauOptions } from './types.js';
