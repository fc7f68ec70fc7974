import { LeakproofUsageError } from '../errors.js';
import type { BudgetEntry, BudgetMatcher } from './budget-file.js';
import { budgetFileFor, readBudgetFile, updateBudgetFile } from './budget-store.js';
import { compareWithBudget } from './compare.js';
import type { BudgetMetric } from './metrics.js';
import type { BudgetOutcome, BudgetStatus } from './outcome.js';
import { budgetSession, nextBudgetKey } from './session.js';
import { effectiveTolerance } from './settings.js';
import type { BudgetUpdateMode } from './update-mode.js';

export interface BudgetCheck {
  matcher: BudgetMatcher;
  /** The test file (the runner's `testPath`): the budget lives in `__memory__/<file name>.json` beside it. */
  testPath: string | undefined;
  /** The runner's full test name (describe blocks joined as in snapshot keys). */
  testName: string | undefined;
  measured: Partial<Record<BudgetMetric, number>>;
  /** Per-test tolerance, if the assertion gave one. */
  tolerance: number | undefined;
  updateMode: BudgetUpdateMode;
}

/**
 * Reads the test's budget, compares, and writes when the rules allow (a missing budget outside CI, any change
 * beyond the tolerance under -u). Throws BudgetFileError for a corrupt file: it is never overwritten.
 */
export async function applyBudget(check: BudgetCheck): Promise<BudgetOutcome> {
  if (!check.testPath) {
    throw new LeakproofUsageError(`${check.matcher}: a memory budget needs the test file's path (budgets live in __memory__/<test file>.json), and the runner did not give it; run the assertion inside a Vitest or Jest test, or pass an explicit limit`);
  }
  if (!check.testName) {
    throw new LeakproofUsageError(`${check.matcher}: a memory budget is keyed by the full test name, and the runner did not give it; run the assertion inside a test`);
  }
  const file = budgetFileFor(check.testPath);
  const session = budgetSession(file);
  const key = nextBudgetKey(session, check.testName);
  session.measured.add(key);
  const tolerance = effectiveTolerance(check.tolerance);
  const existing = readBudgetFile(file).budgets[key];
  const usable = existing?.matcher === check.matcher ? existing : undefined;
  const metrics = compareWithBudget(usable, check.measured, tolerance);
  const changes = Object.values(metrics).map((metric) => metric.change);
  // A metric the entry lacks (newly asked for) is added outside CI; under -u the entry is rewritten to exactly
  // the metrics measured now (figures of metrics no longer asked for are dropped).
  const stale = usable ? Object.keys(usable.metrics).some((metric) => !(metric in check.measured)) : false;
  let status: BudgetStatus;
  let metricsToWrite: Partial<Record<BudgetMetric, number>> = { ...check.measured };
  if (!usable) {
    status = check.updateMode === 'none' ? 'missing-in-ci' : 'written';
  } else if (check.updateMode === 'all' && (stale || changes.some((change) => change !== 'within'))) {
    status = 'updated';
  } else if (changes.includes('exceeded') || changes.includes('improved')) {
    status = changes.includes('exceeded') ? 'exceeded' : 'improved';
  } else if (changes.includes('new') && check.updateMode === 'new') {
    status = 'written';
    metricsToWrite = { ...check.measured, ...usable.metrics };
  } else {
    status = 'within';
  }
  if (status === 'written' || status === 'updated') {
    const entry: BudgetEntry = { matcher: check.matcher, metrics: metricsToWrite };
    await updateBudgetFile(file, (content) => {
      content.budgets[key] = entry;
    });
  }
  const outcome: BudgetOutcome = { file, key, matcher: check.matcher, status, metrics };
  session.outcomes.push(outcome);
  return outcome;
}
