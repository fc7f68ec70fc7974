import { completeUtils } from '../format/matcher-utils.js';
import type { MatcherContextLike } from '../matchers/context.js';
import { applyBudget } from './apply.js';
import { formatBudgetMessage } from './message.js';
import { DEFAULT_CALL_BUDGET_METRICS, pickMetrics, type BudgetMetric } from './metrics.js';
import type { BudgetOutcome } from './outcome.js';
import type { BudgetRequestOptions } from './settings.js';
import { budgetUpdateMode } from './update-mode.js';

/** The metrics asked for, else the exact native ones, else (no native tracker) JS bytes per call. */
function pickCallMetrics(measured: Partial<Record<BudgetMetric, number>>, request: BudgetRequestOptions): Partial<Record<BudgetMetric, number>> {
  if (request.metrics) return pickMetrics(measured, request.metrics);
  const exact = pickMetrics(measured, DEFAULT_CALL_BUDGET_METRICS);
  return Object.keys(exact).length > 0 ? exact : pickMetrics(measured, ['jsAllocatedPerCall']);
}

/** Checks `toNotLeak({ budget })` figures against the committed budget. */
export function checkLeakBudget(
  context: MatcherContextLike,
  measured: Partial<Record<BudgetMetric, number>>,
  request: BudgetRequestOptions,
): Promise<BudgetOutcome> {
  return applyBudget({
    matcher: 'toNotLeak',
    testPath: context.testPath,
    testName: context.currentTestName,
    measured: pickCallMetrics(measured, request),
    tolerance: request.tolerance,
    updateMode: budgetUpdateMode(context.snapshotState),
  });
}

/** The message of a toNotLeak whose leak check passed but whose budget did not. */
export function formatLeakBudgetFailure(outcome: BudgetOutcome, context: MatcherContextLike, hint: string, leakHeadline: string): string {
  return formatBudgetMessage(outcome, completeUtils(context.utils), hint, `leak check: ${leakHeadline}`);
}
