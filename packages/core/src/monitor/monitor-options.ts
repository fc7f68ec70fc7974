import { parseDuration } from '../duration.js';
import { LeakproofUsageError } from '../errors.js';
import { booleanOption, rejectUnknownOptions, type ByteInput } from '../options.js';
import { describeValue, parseBytes, type UnitFamily } from '../units.js';

/** What a monitor samples: used heap (live + garbage, no forced GC), external, native (tracker window), rss. */
export const MONITOR_METRICS = ['heap', 'external', 'native', 'rss'] as const;
export type MonitorMetric = (typeof MONITOR_METRICS)[number];

/** Metrics a threshold can bound: the sampled ones plus `total` = heap + external. */
export const MONITOR_LIMIT_METRICS = ['heap', 'external', 'native', 'rss', 'total'] as const;
export type MonitorLimitMetric = (typeof MONITOR_LIMIT_METRICS)[number];

/** One byte size (bounds `total` = heap + external, like toStayUnder) or per metric. */
export type MonitorThreshold = ByteInput | Partial<Record<MonitorLimitMetric, ByteInput>>;

export interface MonitorOptions {
  /** Time between samples: ms or '50ms', '1s'. Default '100ms'. */
  interval?: number | string;
  /** Over this, the test gets a warning annotation (Vitest) or console warning (Jest), once per metric. */
  warn?: MonitorThreshold;
  /** Over this, the test fails (at monitor.stop() or when the test function ends). */
  critical?: MonitorThreshold;
  /** Sample native memory with the tracker (all threads of this process since the monitor started). Default true when available. */
  native?: boolean;
  /** Name shown in messages and reports. Default 'monitor'. */
  label?: string;
}

export interface ResolvedMonitorOptions {
  intervalMs: number;
  warn: Partial<Record<MonitorLimitMetric, number>>;
  critical: Partial<Record<MonitorLimitMetric, number>>;
  native: boolean;
  label: string;
  unitFamily: UnitFamily;
}

export const MONITOR_DEFAULTS = { intervalMs: 100, minIntervalMs: 1, label: 'monitor' } as const;

const MONITOR_OPTION_NAMES = ['interval', 'warn', 'critical', 'native', 'label'] as const;
const WHERE = 'leakproof.monitor';

/** Validates `monitor(options)`; `nativeUnavailable` is why the tracker cannot be used (native: true then fails). */
export function resolveMonitorOptions(input: unknown, nativeUnavailable: string | undefined): ResolvedMonitorOptions {
  if (input === undefined) input = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new LeakproofUsageError(`${WHERE}: options must be an object like { interval: '50ms', warn: '200 MB', critical: '500 MB' }; received ${describeValue(input)}`);
  }
  const options = input as Record<string, unknown>;
  rejectUnknownOptions(options, MONITOR_OPTION_NAMES, WHERE);
  const intervalMs = options.interval === undefined ? MONITOR_DEFAULTS.intervalMs : parseDuration(options.interval, `${WHERE}: option 'interval'`);
  if (intervalMs < MONITOR_DEFAULTS.minIntervalMs) {
    throw new LeakproofUsageError(`${WHERE}: option 'interval' must be at least ${MONITOR_DEFAULTS.minIntervalMs}ms; received ${describeValue(options.interval)}`);
  }
  const warn = resolveThreshold(options.warn, 'warn');
  const critical = resolveThreshold(options.critical, 'critical');
  for (const metric of MONITOR_LIMIT_METRICS) {
    const low = warn.limits[metric];
    const high = critical.limits[metric];
    if (low !== undefined && high !== undefined && low > high) {
      throw new LeakproofUsageError(`${WHERE}: option 'warn' (${metric}) is above option 'critical' (${metric}); warn must be the lower limit`);
    }
  }
  let native = booleanOption(options.native, nativeUnavailable === undefined, `${WHERE}: option 'native'`);
  if (options.native === true && nativeUnavailable !== undefined) {
    throw new LeakproofUsageError(`${WHERE}: option 'native' is true, but the native tracker is unavailable: ${nativeUnavailable}`);
  }
  if (nativeUnavailable !== undefined) native = false;
  for (const [name, resolved] of [['warn', warn], ['critical', critical]] as const) {
    if (resolved.limits.native !== undefined && !native) {
      throw new LeakproofUsageError(
        `${WHERE}: option '${name}.native' needs native sampling, which is ${nativeUnavailable === undefined ? "off (native: false)" : `unavailable: ${nativeUnavailable}`}`,
      );
    }
  }
  let label: string = MONITOR_DEFAULTS.label;
  if (options.label !== undefined) {
    if (typeof options.label !== 'string' || options.label.trim() === '') {
      throw new LeakproofUsageError(`${WHERE}: option 'label' must be a non-empty string; received ${describeValue(options.label)}`);
    }
    label = options.label;
  }
  return {
    intervalMs,
    warn: warn.limits,
    critical: critical.limits,
    native,
    label,
    unitFamily: critical.family ?? warn.family ?? 'si',
  };
}

function resolveThreshold(value: unknown, name: 'warn' | 'critical'): { limits: Partial<Record<MonitorLimitMetric, number>>; family?: UnitFamily } {
  if (value === undefined) return { limits: {} };
  if (typeof value === 'number' || typeof value === 'string') {
    const size = parseBytes(value, `${WHERE}: option '${name}'`);
    return { limits: { total: size.bytes }, family: size.family };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LeakproofUsageError(
      `${WHERE}: option '${name}' must be a byte size ('200 MB', 2e8: bounds heap + external) or per metric ({ heap?, external?, native?, rss?, total? }); received ${describeValue(value)}`,
    );
  }
  const perMetric = value as Record<string, unknown>;
  rejectUnknownOptions(perMetric, MONITOR_LIMIT_METRICS, WHERE, `option '${name}' has unknown metric`);
  const limits: Partial<Record<MonitorLimitMetric, number>> = {};
  let family: UnitFamily | undefined;
  for (const metric of MONITOR_LIMIT_METRICS) {
    if (perMetric[metric] === undefined) continue;
    const size = parseBytes(perMetric[metric], `${WHERE}: option '${name}.${metric}'`);
    limits[metric] = size.bytes;
    family = size.family;
  }
  if (Object.keys(limits).length === 0) {
    throw new LeakproofUsageError(`${WHERE}: option '${name}' is an empty object; give at least one of ${MONITOR_LIMIT_METRICS.join(', ')}`);
  }
  return family === undefined ? { limits } : { limits, family };
}
