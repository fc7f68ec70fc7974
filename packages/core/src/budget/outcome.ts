import type { BudgetMatcher } from './budget-file.js';
import type { BudgetMetric } from './metrics.js';

/**
 * What happened to a test's budget: 'written' (first run), 'within' the tolerance, 'exceeded' (the test fails),
 * 'improved' beyond the tolerance (passes, with a hint to update), 'updated' (rewritten under -u) or
 * 'missing-in-ci' (no budget and the runner may not write one: the test fails).
 */
export type BudgetStatus = 'written' | 'within' | 'exceeded' | 'improved' | 'updated' | 'missing-in-ci';

export interface BudgetMetricOutcome {
  /** The committed figure, undefined when there was none. */
  budget: number | undefined;
  measured: number;
  /** Relative tolerance applied (0.1 = 10%). */
  tolerance: number;
  /** Absolute slack: changes smaller than this never count. */
  floor: number;
  /** How this metric compares: over/under the budget by more than the tolerance, or not. */
  change: 'within' | 'exceeded' | 'improved' | 'new';
}

/** A measurement's budget, as reporters see it (MeasurementSummary.budget). */
export interface BudgetOutcome {
  /** Absolute path of the budget file. */
  file: string;
  /** Key in the file: the full test name, `#2`, `#3` for further budgeted assertions in the same test. */
  key: string;
  matcher: BudgetMatcher;
  status: BudgetStatus;
  metrics: Partial<Record<BudgetMetric, BudgetMetricOutcome>>;
}
