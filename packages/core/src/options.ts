import { existsSync, statSync } from 'node:fs';
import { parseDuration } from './duration.js';
import { LeakproofUsageError } from './errors.js';
import { LEAK_CHECKS, LEAK_METRICS, PEAK_METRICS, type LeakCheck, type LeakMetric, type PeakMetric } from './metrics.js';
import { resolveAllowHandles, type HandleAllowRule } from './handles/allow-handles.js';
import { describeValue, parseBytes, type ByteSize, type UnitFamily } from './units.js';
import { resolveBudgetOption, type BudgetRequestOptions } from './budget/settings.js';
import { CALL_BUDGET_METRICS } from './budget/metrics.js';

/** A byte amount as users write it: a number of bytes or `'20 MB'`, `'1 KiB'`. */
export type ByteInput = number | string;

export interface LeakOptions {
  /** Samples (one full GC each) in the first measurement phase. Default 30. */
  iterations?: number;
  /** Whole measured steps (fn + gc + sample) run before measuring, so JIT and lazy init settle. Default 10. */
  warmup?: number;
  /** Allowed growth per iteration: one value for all metrics or per metric. Default 16 B. */
  threshold?: ByteInput | Partial<Record<LeakMetric, ByteInput>>;
  /**
   * Which metrics to follow. Default `['heap', 'external', 'native', 'handles']` (`native` when the tracker loads).
   * `handles`: fn must not leave timers, servers, sockets, fs watchers or child processes open after it settles.
   */
  metrics?: LeakCheck | readonly LeakCheck[];
  /** Time budget for the whole assertion, confirmation included. Default 80% of the test's timeout, else 30 s. */
  timeout?: number | string;
  /** Measured calls before a suspected leak is reported (a cache must plateau within it). Default 950 (phases of 2..32 calls per sample). */
  maxIterations?: number;
  /** On a heap leak, find the leaked objects, their retainer paths and allocation stacks (heap snapshot). Default true. */
  diagnose?: boolean;
  /** Keep the diagnosis `.heapsnapshot`: true (temp directory) or a directory. Default false, or LEAKPROOF_KEEP_SNAPSHOT. */
  keepSnapshot?: boolean | string;
  /** Also check what one call allocates against the test's committed budget (`__memory__/<test file>.json`). */
  budget?: boolean | { tolerance?: number | string; metrics?: Array<(typeof CALL_BUDGET_METRICS)[number]> };
  /** Handles fn may leave open on purpose: types as the message prints them ('Timeout') or RegExps on type + creation stack. */
  allowHandles?: ReadonlyArray<string | RegExp>;
}

export interface ResolvedLeakOptions {
  iterations: number;
  warmup: number;
  thresholds: Record<LeakMetric, number>;
  metrics: readonly LeakMetric[];
  timeoutMs: number;
  maxIterations: number;
  diagnose: boolean;
  keepSnapshot: boolean | string;
  /** Check that fn leaves no handles open (metric 'handles'). */
  handles: boolean;
  allowHandles: readonly HandleAllowRule[];
  /** Unit family the user wrote thresholds in, for output. */
  unitFamily: UnitFamily;
  /** Set when the assertion asked for a budget check. */
  budget?: BudgetRequestOptions | undefined;
}

export const LEAK_DEFAULTS = {
  iterations: 30,
  warmup: 10,
  threshold: 16,
  /** `native` joins the defaults when the native tracker is available. */
  metrics: ['heap', 'external'] as readonly LeakMetric[],
  timeoutMs: 30_000,
  maxIterations: 950,
} as const;

const LEAK_OPTION_NAMES = ['iterations', 'warmup', 'threshold', 'metrics', 'timeout', 'maxIterations', 'diagnose', 'keepSnapshot', 'allowHandles', 'budget'] as const;

export interface ResolveContext {
  matcher: string;
  /** Timeout of the running test in ms, when the runner tells us. */
  testTimeoutMs?: number | undefined;
  /** Why the native tracker cannot be used; undefined when it can. */
  nativeUnavailable?: string | undefined;
}

export function resolveLeakOptions(input: unknown, context: ResolveContext): ResolvedLeakOptions {
  const name = context.matcher;
  if (input === undefined) input = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new LeakproofUsageError(`${name}: options must be an object like { iterations: 30 }; received ${describeValue(input)}`);
  }
  const options = input as Record<string, unknown>;
  rejectUnknownOptions(options, LEAK_OPTION_NAMES, name);

  const iterations = integerOption(options.iterations, LEAK_DEFAULTS.iterations, 5, `${name}: option 'iterations'`, 'the number of measured samples');
  const warmup = integerOption(options.warmup, LEAK_DEFAULTS.warmup, 0, `${name}: option 'warmup'`, 'the number of warm-up steps');
  const maxIterations = integerOption(options.maxIterations, LEAK_DEFAULTS.maxIterations, iterations, `${name}: option 'maxIterations'`, `the confirmation budget in calls (at least 'iterations' = ${iterations})`);

  const checks = resolveMetrics(options.metrics, name, context.nativeUnavailable);
  const metrics = checks.filter((check): check is LeakMetric => check !== 'handles');
  const handles = checks.includes('handles');
  const allowHandles = resolveAllowHandles(options.allowHandles, name);
  if (allowHandles.length > 0 && !handles) {
    throw new LeakproofUsageError(`${name}: option 'allowHandles' has no effect: option 'metrics' leaves out 'handles'; add 'handles' to it or drop 'allowHandles'`);
  }
  const { thresholds, unitFamily } = resolveThresholds(options.threshold, name);

  let timeoutMs: number = LEAK_DEFAULTS.timeoutMs;
  if (options.timeout !== undefined) {
    timeoutMs = parseDuration(options.timeout, `${name}: option 'timeout'`);
  } else if (context.testTimeoutMs !== undefined && context.testTimeoutMs > 0) {
    timeoutMs = Math.max(500, context.testTimeoutMs * 0.8);
  }
  const diagnose = booleanOption(options.diagnose, true, `${name}: option 'diagnose'`);
  const keepSnapshot = resolveKeepSnapshot(options.keepSnapshot, name);
  const budget = resolveBudgetOption(options.budget, `${name}: option 'budget'`, CALL_BUDGET_METRICS);
  return { iterations, warmup, thresholds, metrics, timeoutMs, maxIterations, diagnose, keepSnapshot, handles, allowHandles, unitFamily, budget };
}

function resolveMetrics(value: unknown, matcher: string, nativeUnavailable: string | undefined): readonly LeakCheck[] {
  if (value === undefined) return [...LEAK_DEFAULTS.metrics, ...(nativeUnavailable === undefined ? (['native'] as const) : []), 'handles'];
  const list = typeof value === 'string' ? [value] : value;
  const accepted = LEAK_CHECKS.map((m) => `'${m}'`).join(', ');
  if (!Array.isArray(list) || list.length === 0) {
    throw new LeakproofUsageError(`${matcher}: option 'metrics' must be a non-empty array of ${accepted}; received ${describeValue(value)}`);
  }
  for (const metric of list) {
    if (!(LEAK_CHECKS as readonly unknown[]).includes(metric)) {
      const extra = metric === 'rss' ? " ('rss' is too noisy to decide a leak; bound it with toStayUnder)" : '';
      throw new LeakproofUsageError(`${matcher}: option 'metrics' has unknown metric ${describeValue(metric)}${extra}; accepted: ${accepted}`);
    }
  }
  if (nativeUnavailable !== undefined && (list as unknown[]).includes('native')) {
    throw new LeakproofUsageError(`${matcher}: option 'metrics' asks for 'native', but the native tracker is unavailable: ${nativeUnavailable}`);
  }
  return [...new Set(list as LeakCheck[])];
}

function resolveThresholds(value: unknown, matcher: string): { thresholds: Record<LeakMetric, number>; unitFamily: UnitFamily } {
  const thresholds: Record<LeakMetric, number> = {
    heap: LEAK_DEFAULTS.threshold,
    external: LEAK_DEFAULTS.threshold,
    native: LEAK_DEFAULTS.threshold,
  };
  let unitFamily: UnitFamily = 'si';
  if (value === undefined) return { thresholds, unitFamily };
  if (typeof value === 'number' || typeof value === 'string') {
    const size = parseBytes(value, `${matcher}: option 'threshold'`);
    for (const metric of LEAK_METRICS) thresholds[metric] = size.bytes;
    return { thresholds, unitFamily: size.family };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LeakproofUsageError(
      `${matcher}: option 'threshold' must be bytes per iteration ('64 B', 1024) or per metric ({ heap: '64 B', external: '1 KiB', native: 0 }); received ${describeValue(value)}`,
    );
  }
  const perMetric = value as Record<string, unknown>;
  rejectUnknownOptions(perMetric, LEAK_METRICS, matcher, "option 'threshold' has unknown metric");
  for (const metric of LEAK_METRICS) {
    if (perMetric[metric] === undefined) continue;
    const size: ByteSize = parseBytes(perMetric[metric], `${matcher}: option 'threshold.${metric}'`);
    thresholds[metric] = size.bytes;
    unitFamily = size.family;
  }
  return { thresholds, unitFamily };
}

export interface ResolvedPeakLimits {
  limits: Partial<Record<PeakMetric, number>>;
  unitFamily: UnitFamily;
}

/** `toStayUnder(limit)`: `'20 MB'`, bytes, or `{ heap, external, native, rss, total }`. A single value bounds `total`. */
export function resolvePeakLimits(input: unknown, matcher: string, nativeUnavailable?: string): ResolvedPeakLimits {
  if (typeof input === 'number' || typeof input === 'string') {
    const size = parseBytes(input, `${matcher}: limit`);
    return { limits: { total: size.bytes }, unitFamily: size.family };
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new LeakproofUsageError(
      `${matcher}: limit must be a byte size ('20 MB', 20e6) or an object { heap?, external?, native?, rss?, total? } of byte sizes; received ${describeValue(input)}`,
    );
  }
  const perMetric = input as Record<string, unknown>;
  rejectUnknownOptions(perMetric, PEAK_METRICS, matcher, 'limit has unknown metric');
  const limits: Partial<Record<PeakMetric, number>> = {};
  let unitFamily: UnitFamily = 'si';
  for (const metric of PEAK_METRICS) {
    if (perMetric[metric] === undefined) continue;
    const size = parseBytes(perMetric[metric], `${matcher}: limit.${metric}`);
    limits[metric] = size.bytes;
    unitFamily = size.family;
  }
  if (limits.native !== undefined && nativeUnavailable !== undefined) {
    throw new LeakproofUsageError(`${matcher}: limit.native needs the native tracker, which is unavailable: ${nativeUnavailable}`);
  }
  if (Object.keys(limits).length === 0) {
    throw new LeakproofUsageError(`${matcher}: limit object is empty; give at least one of heap, external, native, rss, total`);
  }
  return { limits, unitFamily };
}

export function booleanOption(value: unknown, fallback: boolean, label: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new LeakproofUsageError(`${label} must be true or false; received ${describeValue(value)}`);
  return value;
}

/** `keepSnapshot`: true, false or a directory; LEAKPROOF_KEEP_SNAPSHOT (1/true or a directory) sets the default. */
function resolveKeepSnapshot(value: unknown, matcher: string): boolean | string {
  if (value === undefined) {
    const fromEnv = process.env.LEAKPROOF_KEEP_SNAPSHOT;
    if (fromEnv === undefined || fromEnv === '' || fromEnv === '0' || fromEnv === 'false') return false;
    return fromEnv === '1' || fromEnv === 'true' ? true : fromEnv;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    if (!existsSync(value) || !statSync(value).isDirectory()) {
      throw new LeakproofUsageError(`${matcher}: option 'keepSnapshot' must be true, false or an existing directory; '${value}' is not a directory`);
    }
    return value;
  }
  throw new LeakproofUsageError(`${matcher}: option 'keepSnapshot' must be true, false or an existing directory; received ${describeValue(value)}`);
}

export function integerOption(value: unknown, fallback: number, min: number, label: string, meaning: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new LeakproofUsageError(`${label} must be an integer >= ${min} (${meaning}); received ${describeValue(value)}`);
  }
  return value;
}

export function rejectUnknownOptions(
  options: Record<string, unknown>,
  known: readonly string[],
  matcher: string,
  what = 'unknown option',
): void {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    throw new LeakproofUsageError(
      `${matcher}: ${what} '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}; accepted: ${known.map((k) => `'${k}'`).join(', ')}`,
    );
  }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}
