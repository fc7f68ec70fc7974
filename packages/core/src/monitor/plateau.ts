import { fullGcCountSoFar, settleAndCollect } from '../gc.js';
import { LeakproofUsageError } from '../errors.js';
import { positiveDeltaShare, theilSenSlope } from '../statistics.js';
import type { UnitFamily } from '../units.js';
import type { MemoryMonitor, MonitorSample } from './memory-monitor.js';
import type { MonitorMetric } from './monitor-options.js';
import { PLATEAU_DEFAULTS, type ResolvedPlateauOptions } from './plateau-options.js';

/**
 * flat: floors grow slower than the limit. steps: faster, but in a few jumps, not sustained.
 * garbage: sustained rise of the floors, but after a full GC the value is back within the limit (the monitor's
 * heap is live + garbage). growing: sustained, and confirmed after a full GC where one is meaningful.
 * inconclusive: too few samples after warm-up to judge.
 */
export type PlateauOutcome = 'flat' | 'steps' | 'garbage' | 'growing' | 'inconclusive';

export interface PlateauMetricResult {
  metric: MonitorMetric;
  outcome: PlateauOutcome;
  pass: boolean;
  /** Theil-Sen slope of the bucket floors, bytes per second. */
  slopePerSecond: number;
  /** Share of consecutive bucket floors that rose (0..1). */
  risingShare: number;
  /** Lowest sample of each bucket after warm-up. */
  floors: number[];
  /** Samples judged (after warm-up, gaps removed). */
  samples: number;
  windowStartMs: number;
  windowEndMs: number;
  /** The value after the confirmation full GC, when one was made and is meaningful for this metric. */
  afterGc?: number;
  /** Every sample of the metric (for the sparkline). */
  series: readonly number[];
  reason: string;
}

export interface PlateauVerdict {
  pass: boolean;
  label: string;
  results: PlateauMetricResult[];
  warmupMs: number;
  maxGrowthPerSecond: number;
  unitFamily: UnitFamily;
  intervalMs: number;
  samples: number;
  /** ms covered by the timeline. */
  spanMs: number;
  fullGcs: number;
  durationMs: number;
  notes: string[];
}

/** Metrics whose garbage a full GC removes, so a rise can be confirmed or cleared afterwards. */
const CONFIRMABLE: ReadonlySet<MonitorMetric> = new Set(['heap', 'external', 'native']);

/**
 * The plateau decision over a monitor's timeline (see docs/architecture.md "toPlateau"):
 * after warm-up, the window is cut into buckets, each bucket's lowest sample is its floor (the monitor never
 * forces a GC, so the lowest sample is the closest to live memory); growth = Theil-Sen slope of the floors per
 * second. Over the limit and sustained (most floors rose) is checked once more after a full GC.
 */
export async function judgePlateau(monitor: MemoryMonitor, options: ResolvedPlateauOptions, matcher: string): Promise<PlateauVerdict> {
  const started = performance.now();
  const gcAtStart = fullGcCountSoFar();
  const timeline = monitor.timeline;
  const times = timeline.timesMs;
  const spanMs = times.at(-1) ?? 0;
  const warmupMs = options.warmupMs ?? spanMs * PLATEAU_DEFAULTS.warmupShare;
  const sampled = timeline.metrics;
  for (const metric of options.metrics ?? []) {
    if (!sampled.includes(metric)) {
      throw new LeakproofUsageError(`${matcher}: option 'metrics' asks for '${metric}', which this monitor did not sample (${monitor.notes.join(' ') || 'native: false'})`);
    }
  }
  const metrics = options.metrics ?? PLATEAU_DEFAULTS.metrics.filter((metric) => sampled.includes(metric));
  const results = metrics.map((metric) => judgeSeries(metric, times, timeline.values(metric), warmupMs, options.maxGrowthPerSecond));

  const suspects = results.filter((result) => result.outcome === 'growing' && CONFIRMABLE.has(result.metric));
  const notes: string[] = [];
  if (suspects.length > 0) {
    await settleAndCollect();
    const after = monitor.running ? monitor.read() : readWithoutMonitor();
    for (const result of suspects) confirmAfterGc(result, after, options.maxGrowthPerSecond);
    if (!monitor.running) notes.push('the monitor was stopped before the assertion: the after-GC values are read now, not at its end.');
  }
  return {
    pass: results.every((result) => result.pass),
    label: monitor.options.label,
    results,
    warmupMs,
    maxGrowthPerSecond: options.maxGrowthPerSecond,
    unitFamily: options.unitFamily === 'iec' ? 'iec' : monitor.options.unitFamily,
    intervalMs: timeline.intervalMs,
    samples: timeline.length,
    spanMs,
    fullGcs: fullGcCountSoFar() - gcAtStart,
    durationMs: performance.now() - started,
    notes: [...monitor.notes, ...notes],
  };
}

function readWithoutMonitor(): MonitorSample {
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, external: usage.external, native: Number.NaN, rss: usage.rss };
}

/** The floors-and-slope part of the decision for one series. */
export function judgeSeries(
  metric: MonitorMetric,
  times: readonly number[],
  series: readonly number[],
  warmupMs: number,
  maxGrowthPerSecond: number,
): PlateauMetricResult {
  const judgedTimes: number[] = [];
  const judged: number[] = [];
  for (let i = 0; i < series.length; i++) {
    const time = times[i] as number;
    const value = series[i] as number;
    if (time >= warmupMs && Number.isFinite(value)) {
      judgedTimes.push(time);
      judged.push(value);
    }
  }
  const n = judged.length;
  const base = {
    metric,
    series,
    samples: n,
    windowStartMs: judgedTimes[0] ?? warmupMs,
    windowEndMs: judgedTimes.at(-1) ?? warmupMs,
  };
  if (n < PLATEAU_DEFAULTS.minSamples) {
    return {
      ...base,
      outcome: 'inconclusive',
      pass: false,
      slopePerSecond: 0,
      risingShare: 0,
      floors: [],
      reason: `only ${n} sample${n === 1 ? '' : 's'} after the warm-up of ${(warmupMs / 1000).toFixed(2)} s; at least ${PLATEAU_DEFAULTS.minSamples} are needed: run longer, sample more often (interval) or shorten the warm-up`,
    };
  }
  const buckets = Math.min(PLATEAU_DEFAULTS.maxBuckets, Math.floor(n / 2));
  const floors = new Float64Array(buckets);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let low = Number.POSITIVE_INFINITY;
    for (let i = from; i < to; i++) if ((judged[i] as number) < low) low = judged[i] as number;
    floors[b] = low;
  }
  const bucketSeconds = (base.windowEndMs - base.windowStartMs) / 1000 / buckets;
  const slopePerSecond = bucketSeconds > 0 ? theilSenSlope(floors, 0, buckets) / bucketSeconds : 0;
  const risingShare = positiveDeltaShare(floors, 0, buckets);
  const result = { ...base, slopePerSecond, risingShare, floors: [...floors] };
  if (slopePerSecond <= maxGrowthPerSecond) {
    return { ...result, outcome: 'flat', pass: true, reason: 'the floors after warm-up grow slower than the limit' };
  }
  const rose = Math.round(risingShare * (buckets - 1));
  if (risingShare < PLATEAU_DEFAULTS.steadyShare) {
    return {
      ...result,
      outcome: 'steps',
      pass: true,
      reason: `the floors rose in ${rose} of ${buckets - 1} buckets only: growth in occasional steps, not sustained`,
    };
  }
  return {
    ...result,
    outcome: 'growing',
    pass: false,
    reason: `sustained growth: the floors rose in ${rose} of ${buckets - 1} buckets${CONFIRMABLE.has(metric) ? '' : ' (rss cannot be confirmed by a GC)'}`,
  };
}

/**
 * The monitor's heap is `heapUsed`: code, bytecode and feedback of functions first run during the window stay after
 * a full GC. In a short window the rate limit alone allows too little for that: a Jest run of the voip example's
 * long call ended 0.1 MB above its first floor after 1.1 s (57 kB allowed at 50 kB/s) with nothing growing.
 */
export const HEAP_AFTER_GC_FLOOR = 256 * 1024;

/** What a value after the confirmation GC may exceed the first floor by: the rate limit over the window, at least the floor. */
export function afterGcAllowance(metric: string, windowMs: number, maxGrowthPerSecond: number): number {
  const byRate = maxGrowthPerSecond * (windowMs / 1000);
  return metric === 'heap' ? Math.max(byRate, HEAP_AFTER_GC_FLOOR) : byRate;
}

/**
 * Live memory at the end of warm-up was at most the first floor (a floor is live + garbage), so a value after a
 * full GC no higher than first floor + limit x window means the live part did not grow faster than the limit:
 * the rise was garbage awaiting collection.
 */
function confirmAfterGc(result: PlateauMetricResult, after: MonitorSample, maxGrowthPerSecond: number): void {
  const value = after[result.metric];
  if (!Number.isFinite(value)) {
    result.reason += '; no after-GC value (native window closed), so the rise stands unconfirmed';
    return;
  }
  result.afterGc = value;
  const allowed = afterGcAllowance(result.metric, result.windowEndMs - result.windowStartMs, maxGrowthPerSecond);
  const grown = value - (result.floors[0] as number);
  if (grown <= allowed) {
    result.outcome = 'garbage';
    result.pass = true;
    result.reason = 'the floors rose, but after a full GC the value is within the limit of the first floor: the rise was garbage awaiting collection';
  } else {
    result.reason += '; still there after a full GC';
  }
}
