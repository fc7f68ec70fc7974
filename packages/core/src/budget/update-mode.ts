/**
 * How budgets may be written, read from the runner's snapshot state so budgets follow the snapshot rules:
 * 'all' under `vitest -u` / `jest -u` (rewrite), 'new' by default (write missing ones), 'none' in CI
 * (Vitest: CI detected and no -u; Jest: --ci, on by default in CI): a missing budget fails.
 */
export type BudgetUpdateMode = 'all' | 'new' | 'none';

/** `this.snapshotState._updateSnapshot` in Vitest 4/5 and Jest 29/30; without it, process.env.CI decides. */
export function budgetUpdateMode(snapshotState: unknown): BudgetUpdateMode {
  const mode = (snapshotState as { _updateSnapshot?: unknown } | undefined)?._updateSnapshot;
  if (mode === 'all' || mode === 'new' || mode === 'none') return mode;
  return isCiEnvironment() ? 'none' : 'new';
}

export function isCiEnvironment(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
