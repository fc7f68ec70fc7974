import { LeakproofUsageError } from '../errors.js';
import { describeValue } from '../units.js';
import type { BudgetMetric } from './metrics.js';

/** Allowed change before a budget fails (or counts as improved): 10%. */
export const DEFAULT_BUDGET_TOLERANCE = 0.1;
export const TOLERANCE_ENV = 'LEAKPROOF_BUDGET_TOLERANCE';
const ACCEPTED_TOLERANCE = "a fraction like 0.1 or a percentage string like '10%'";

export interface BudgetSettings {
  /** Relative tolerance for every budget in this test file / worker (setup file), e.g. '15%' or 0.15. */
  tolerance?: number | string;
}

let configuredTolerance: number | undefined;

/**
 * Global budget settings, e.g. in a setup file: `configureBudgets({ tolerance: '15%' })`. A per-test
 * `{ budget: { tolerance } }` wins over it, and it wins over the LEAKPROOF_BUDGET_TOLERANCE environment variable.
 */
export function configureBudgets(settings: BudgetSettings): void {
  if (settings === null || typeof settings !== 'object') {
    throw new LeakproofUsageError(`configureBudgets: settings must be an object like { tolerance: '15%' }; received ${describeValue(settings)}`);
  }
  for (const key of Object.keys(settings)) {
    if (key !== 'tolerance') throw new LeakproofUsageError(`configureBudgets: unknown setting '${key}'; accepted: 'tolerance'`);
  }
  configuredTolerance = settings.tolerance === undefined ? undefined : parseTolerance(settings.tolerance, 'configureBudgets: tolerance');
}

/** '10%' or 0.1 -> 0.1. */
export function parseTolerance(value: unknown, label: string): number {
  let fraction: number | undefined;
  if (typeof value === 'number') fraction = value;
  else if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
    if (match) fraction = Number(match[1]) / 100;
  }
  if (fraction === undefined || !Number.isFinite(fraction) || fraction < 0) {
    throw new LeakproofUsageError(`${label} must be ${ACCEPTED_TOLERANCE}; received ${describeValue(value)}`);
  }
  return fraction;
}

/** Per-test tolerance, else configureBudgets(), else LEAKPROOF_BUDGET_TOLERANCE, else 10%. */
export function effectiveTolerance(perTest: number | undefined): number {
  if (perTest !== undefined) return perTest;
  if (configuredTolerance !== undefined) return configuredTolerance;
  const fromEnv = process.env[TOLERANCE_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseTolerance(fromEnv.includes('%') ? fromEnv : Number(fromEnv), `environment variable ${TOLERANCE_ENV}`);
  return DEFAULT_BUDGET_TOLERANCE;
}

/** What a matcher was asked for: `budget: true` or `budget: { tolerance }`. */
export interface BudgetRequestOptions {
  tolerance?: number | undefined;
  /** Metrics to check; undefined: the matcher's defaults. */
  metrics?: readonly BudgetMetric[] | undefined;
}

/**
 * A toNotLeak/toStayUnder `budget` option: true, false, or { tolerance?, metrics? } (metrics among `accepted`).
 * Returns undefined for no budget.
 */
export function resolveBudgetOption(value: unknown, label: string, accepted: readonly BudgetMetric[]): BudgetRequestOptions | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true) return {};
  const metricList = accepted.map((metric) => `'${metric}'`).join(', ');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LeakproofUsageError(`${label} must be true, false or { tolerance?: ${ACCEPTED_TOLERANCE}, metrics?: [${metricList}] }; received ${describeValue(value)}`);
  }
  const options = value as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (key !== 'tolerance' && key !== 'metrics') throw new LeakproofUsageError(`${label} has unknown option '${key}'; accepted: 'tolerance', 'metrics'`);
  }
  let metrics: BudgetMetric[] | undefined;
  if (options.metrics !== undefined) {
    const list = options.metrics;
    if (!Array.isArray(list) || list.length === 0 || list.some((metric) => !(accepted as readonly unknown[]).includes(metric))) {
      throw new LeakproofUsageError(`${label}.metrics must be a non-empty array of ${metricList}; received ${Array.isArray(list) ? JSON.stringify(list) : describeValue(list)}`);
    }
    metrics = [...new Set(list as BudgetMetric[])];
  }
  return { tolerance: options.tolerance === undefined ? undefined : parseTolerance(options.tolerance, `${label}.tolerance`), metrics };
}
