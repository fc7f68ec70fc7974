import type { BudgetEntry } from './budget-file.js';
import { BUDGET_FLOORS, type BudgetMetric } from './metrics.js';
import type { BudgetMetricOutcome } from './outcome.js';

/**
 * Compares measured figures with a budget entry. A metric is exceeded when it is above the budget by more than
 * the tolerance AND by more than the metric's absolute floor; improved symmetrically below. Metrics measured but
 * absent from the entry are 'new' (e.g. the native tracker was unavailable when the budget was written).
 */
export function compareWithBudget(
  entry: BudgetEntry | undefined,
  measured: Partial<Record<BudgetMetric, number>>,
  tolerance: number,
): Partial<Record<BudgetMetric, BudgetMetricOutcome>> {
  const result: Partial<Record<BudgetMetric, BudgetMetricOutcome>> = {};
  for (const [metric, value] of Object.entries(measured) as Array<[BudgetMetric, number]>) {
    const budget = entry?.metrics[metric];
    const floor = BUDGET_FLOORS[metric];
    let change: BudgetMetricOutcome['change'] = 'new';
    if (budget !== undefined) {
      const slack = Math.max(budget * tolerance, floor);
      change = value > budget + slack ? 'exceeded' : value < budget - slack ? 'improved' : 'within';
    }
    result[metric] = { budget, measured: value, tolerance, floor, change };
  }
  return result;
}
