import { parseDuration } from '../duration.js';
import { LeakproofUsageError } from '../errors.js';
import { rejectUnknownOptions, type ByteInput } from '../options.js';
import { describeValue, parseBytes, type UnitFamily } from '../units.js';
import { MONITOR_METRICS, type MonitorMetric } from './monitor-options.js';

export interface PlateauOptions {
  /** Time from the monitor's start that is not judged (caches filling, JIT): ms or '2s'. Default: the first quarter. */
  warmup?: number | string;
  /** Sustained growth allowed after warm-up, bytes per second. Default '50 kB' (180 MB an hour). */
  maxGrowthPerSecond?: ByteInput;
  /** Which series to judge. Default heap, external and native (when sampled); rss only on request (allocator retention). */
  metrics?: MonitorMetric | readonly MonitorMetric[];
}

export interface ResolvedPlateauOptions {
  /** undefined: a quarter of the timeline. */
  warmupMs: number | undefined;
  maxGrowthPerSecond: number;
  metrics: readonly MonitorMetric[] | undefined;
  unitFamily: UnitFamily;
}

export const PLATEAU_DEFAULTS = {
  maxGrowthPerSecond: 50_000,
  warmupShare: 0.25,
  metrics: ['heap', 'external', 'native'] as readonly MonitorMetric[],
  /** Fewer samples than this after warm-up: no verdict. */
  minSamples: 8,
  /** The window after warm-up is cut into at most this many buckets; each bucket's lowest sample is its floor. */
  maxBuckets: 16,
  /** Growth counts as sustained when at least this share of consecutive bucket floors rose. */
  steadyShare: 0.6,
} as const;

const PLATEAU_OPTION_NAMES = ['warmup', 'maxGrowthPerSecond', 'metrics'] as const;

export function resolvePlateauOptions(input: unknown, matcher: string): ResolvedPlateauOptions {
  if (input === undefined) input = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new LeakproofUsageError(`${matcher}: options must be an object like { warmup: '2s', maxGrowthPerSecond: '50 kB' }; received ${describeValue(input)}`);
  }
  const options = input as Record<string, unknown>;
  rejectUnknownOptions(options, PLATEAU_OPTION_NAMES, matcher);
  const warmupMs =
    options.warmup === undefined ? undefined : options.warmup === 0 ? 0 : parseDuration(options.warmup, `${matcher}: option 'warmup'`);
  let maxGrowthPerSecond: number = PLATEAU_DEFAULTS.maxGrowthPerSecond;
  let unitFamily: UnitFamily = 'si';
  if (options.maxGrowthPerSecond !== undefined) {
    const size = parseBytes(options.maxGrowthPerSecond, `${matcher}: option 'maxGrowthPerSecond'`);
    maxGrowthPerSecond = size.bytes;
    unitFamily = size.family;
  }
  let metrics: readonly MonitorMetric[] | undefined;
  if (options.metrics !== undefined) {
    const list = typeof options.metrics === 'string' ? [options.metrics] : options.metrics;
    const accepted = MONITOR_METRICS.map((metric) => `'${metric}'`).join(', ');
    if (!Array.isArray(list) || list.length === 0) {
      throw new LeakproofUsageError(`${matcher}: option 'metrics' must be a non-empty array of ${accepted}; received ${describeValue(options.metrics)}`);
    }
    for (const metric of list) {
      if (!(MONITOR_METRICS as readonly unknown[]).includes(metric)) {
        throw new LeakproofUsageError(`${matcher}: option 'metrics' has unknown metric ${describeValue(metric)}; accepted: ${accepted}`);
      }
    }
    metrics = [...new Set(list as MonitorMetric[])];
  }
  return { warmupMs, maxGrowthPerSecond, metrics, unitFamily };
}
