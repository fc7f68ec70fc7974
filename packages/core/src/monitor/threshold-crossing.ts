import { formatBytes, type UnitFamily } from '../units.js';
import { MONITOR_LIMIT_METRICS, type MonitorLimitMetric, type MonitorMetric } from './monitor-options.js';

export type ThresholdLevel = 'warn' | 'critical';

/** The first sample at which a metric went over a limit. */
export interface ThresholdCrossing {
  level: ThresholdLevel;
  metric: MonitorLimitMetric;
  value: number;
  limit: number;
  /** ms since the monitor started. */
  atMs: number;
}

/** Value of each bounded metric in one sample; `total` is heap + external. */
export function limitValues(sample: Readonly<Record<MonitorMetric, number>>): Record<MonitorLimitMetric, number> {
  return { ...sample, total: sample.heap + sample.external };
}

/** Metrics of `sample` over `limits` that are not in `already` (each metric crosses a level once). */
export function newCrossings(
  level: ThresholdLevel,
  limits: Partial<Record<MonitorLimitMetric, number>>,
  sample: Readonly<Record<MonitorMetric, number>>,
  atMs: number,
  already: ReadonlySet<MonitorLimitMetric>,
): ThresholdCrossing[] {
  const values = limitValues(sample);
  const found: ThresholdCrossing[] = [];
  for (const metric of MONITOR_LIMIT_METRICS) {
    const limit = limits[metric];
    const value = values[metric];
    if (limit === undefined || already.has(metric) || !(value > limit)) continue;
    found.push({ level, metric, value, limit, atMs });
  }
  return found;
}

/** `heap 212 MB over warn 200 MB at 3.2 s` */
export function describeCrossing(crossing: ThresholdCrossing, family: UnitFamily): string {
  const what = crossing.metric === 'total' ? 'heap + external' : crossing.metric;
  return `${what} ${formatBytes(crossing.value, family)} over ${crossing.level} ${formatBytes(crossing.limit, family)} at ${(crossing.atMs / 1000).toFixed(2)} s`;
}
