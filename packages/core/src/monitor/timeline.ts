import type { MeasurementTimeline } from '../host.js';
import type { MonitorMetric } from './monitor-options.js';

/** Samples kept before the timeline halves its resolution (every other sample dropped, interval doubled). */
export const TIMELINE_MAX_SAMPLES = 20_000;

/** A monitor's samples: one time (ms since the monitor started) and one value per sampled metric each. */
export class MonitorTimeline {
  intervalMs: number;
  readonly timesMs: number[] = [];
  readonly series: Partial<Record<MonitorMetric, number[]>> = {};
  readonly metrics: readonly MonitorMetric[];

  constructor(intervalMs: number, metrics: readonly MonitorMetric[]) {
    this.intervalMs = intervalMs;
    this.metrics = metrics;
    for (const metric of metrics) this.series[metric] = [];
  }

  get length(): number {
    return this.timesMs.length;
  }

  push(timeMs: number, values: Readonly<Record<MonitorMetric, number>>): void {
    this.timesMs.push(timeMs);
    for (const metric of this.metrics) this.series[metric]?.push(values[metric]);
    if (this.timesMs.length > TIMELINE_MAX_SAMPLES) this.halve();
  }

  values(metric: MonitorMetric): readonly number[] {
    return this.series[metric] ?? [];
  }

  /** A copy for reports. Gaps (native while another measurement ran) are NaN, which JSON writes as null. */
  toSummary(): MeasurementTimeline {
    const series: Record<string, number[]> = {};
    for (const metric of this.metrics) series[metric] = [...this.values(metric)];
    return { intervalMs: this.intervalMs, timesMs: [...this.timesMs], series };
  }

  private halve(): void {
    const keep = (list: number[]): void => {
      let to = 0;
      for (let from = 0; from < list.length; from += 2) list[to++] = list[from] as number;
      list.length = to;
    };
    keep(this.timesMs);
    for (const metric of this.metrics) keep(this.series[metric] ?? []);
    this.intervalMs *= 2;
  }
}
