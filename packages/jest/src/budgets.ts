import { leakproofHost, reportBudgetsAtEndOfFile } from '@leakproof/core';

type AfterAll = (hook: () => Promise<void>) => void;

/**
 * Registers the end-of-file budget report on the root describe block of every test file. Which tests passed,
 * failed or were skipped comes from the leakproof environment (runner events); without it, obsolete budgets
 * are not judged (written and improved ones are still reported).
 */
export function registerBudgetReport(expectState: () => { snapshotState?: unknown; testPath?: string } | undefined): void {
  const afterAll = (globalThis as { afterAll?: AfterAll }).afterAll;
  if (typeof afterAll !== 'function') return;
  afterAll(async () => {
    const state = expectState();
    await reportBudgetsAtEndOfFile(state?.testPath, leakproofHost()?.finishedTests, state?.snapshotState);
  });
}
