import type {} from 'expect';
import { leakproofMatchers } from './matchers.js';
import { registerBudgetReport } from './budgets.js';
import type { LeakproofMatchers } from './types.js';

/**
 * Setup entry for `setupFilesAfterEnv: ['@leakproof/jest']`: registers the matchers on the `expect` that Jest put
 * on the test file's global.
 */
const jestExpect = (globalThis as { expect?: { extend?: (matchers: object) => void; getState?: () => { snapshotState?: unknown; testPath?: string } } }).expect;
if (typeof jestExpect?.extend !== 'function') {
  throw new Error(
    "@leakproof/jest: no Jest expect on the global. Load it after the framework: setupFilesAfterEnv: ['@leakproof/jest'] in jest.config.",
  );
}
jestExpect.extend(leakproofMatchers);
registerBudgetReport(() => jestExpect.getState?.());

/*
 * Typings: `expect` 29 and 30 both declare `interface Matchers<R extends void | Promise<void>, T = unknown>` (used by
 * `@jest/globals`), and @types/jest declares the global `jest.Matchers<R, T = {}>`. Both are augmented.
 */
declare module 'expect' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends LeakproofMatchers {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends LeakproofMatchers {}
  }
}

export { leakproofMatchers, toNotLeak, toStayUnder, toBeCollected } from './matchers.js';
export { track, CollectionProbe, configureBudgets, type BudgetSettings, type BudgetOutcome } from '@leakproof/core';
export { toPlateau, toAllocateAtMost } from './matchers.js';
export { monitor, leakproof } from './monitor.js';
export { MemoryMonitor, MemoryCriticalError } from '@leakproof/core';
export { withGuardPages, enableGuardPages, disableGuardPages, type GuardPageOptions, type GuardPageStats } from '@leakproof/core';
export type { LeakproofMatchers, PeakLimit, LeakOptions, ByteInput } from './types.js';
export type { AllocationLimits, MonitorOptions, MonitorThreshold, PlateauOptions } from './types.js';
