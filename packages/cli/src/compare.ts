import { formatTableBytes } from './format-bytes.js';
import type { LeakproofReport, ReportMeasurement, ReportTest } from '@leakproof/core/report';

export type RowStatus = 'new' | 'removed' | 'regressed' | 'improved' | 'unchanged';

/** One compared number: a metric of one measurement of one test. */
export interface ComparisonRow {
  file: string;
  test: string;
  /** e.g. 'toNotLeak' or 'toStayUnder #2' when a test measures more than once with one matcher. */
  matcher: string;
  /** e.g. 'heap growth/it', 'total peak', 'verdict'. */
  metric: string;
  base: number | undefined;
  head: number | undefined;
  /** head - base, bytes. */
  delta: number | undefined;
  /** delta / base (0.1 = +10%); undefined when base is 0 or missing. */
  ratio: number | undefined;
  baseVerdict: string | undefined;
  headVerdict: string | undefined;
  status: RowStatus;
  /** Why this status, e.g. 'verdict pass -> fail', '+25% > 10%'. */
  why: string;
}

export interface CompareOptions {
  /** Allowed relative growth of a peak (0.1 = 10%). */
  threshold: number;
  /** Growth below this many bytes is never a regression: noise floor of the exact peaks (external, native). */
  minBytes: number;
  /**
   * Noise floor of the peaks that depend on when V8 collects (heap, total = heap + external, rss): two clean runs
   * of the same test differed by 93 kB of heap peak here (32 kB vs 125 kB), as new-space GCs fall differently.
   */
  noisyMinBytes: number;
}

export const COMPARE_DEFAULTS: CompareOptions = { threshold: 0.1, minBytes: 1024, noisyMinBytes: 1024 * 1024 };

/** Peaks that are exact counters; the others move with GC timing. */
const EXACT_PEAKS = new Set(['external', 'native']);

export interface Comparison {
  rows: ComparisonRow[];
  regressions: ComparisonRow[];
  options: CompareOptions;
}

interface KeyedMeasurement {
  test: ReportTest;
  label: string;
  measurement: ReportMeasurement;
}

/**
 * Compares two reports test by test. A regression is: a measurement that passed in base and fails in head, a leak
 * metric that was ok and now leaks (or is inconclusive), or a peak that grew more than `threshold` and more than
 * `minBytes`. rss peaks without a limit are shown but never gate (process-wide and noisy).
 */
export function compareReports(base: LeakproofReport, head: LeakproofReport, options: CompareOptions = COMPARE_DEFAULTS): Comparison {
  const baseByKey = keyed(base);
  const headByKey = keyed(head);
  const rows: ComparisonRow[] = [];
  for (const [key, headEntry] of headByKey) {
    const baseEntry = baseByKey.get(key);
    rows.push(...(baseEntry ? compareMeasurement(baseEntry, headEntry, options) : presenceRows(headEntry, 'new')));
  }
  for (const [key, baseEntry] of baseByKey) if (!headByKey.has(key)) rows.push(...presenceRows(baseEntry, 'removed'));
  return { rows, regressions: rows.filter((row) => row.status === 'regressed'), options };
}

function keyed(report: LeakproofReport): Map<string, KeyedMeasurement> {
  const entries = new Map<string, KeyedMeasurement>();
  for (const test of report.tests) {
    const seen = new Map<string, number>();
    for (const measurement of test.measurements) {
      const count = (seen.get(measurement.matcher) ?? 0) + 1;
      seen.set(measurement.matcher, count);
      const label = count === 1 ? measurement.matcher : `${measurement.matcher} #${count}`;
      entries.set(JSON.stringify([test.file, test.fullName, label]), { test, label, measurement });
    }
  }
  return entries;
}

function presenceRows(entry: KeyedMeasurement, status: 'new' | 'removed'): ComparisonRow[] {
  const values = measuredValues(entry.measurement, COMPARE_DEFAULTS);
  const rows = values.length > 0 ? values : [{ metric: 'verdict', value: undefined, metricVerdict: entry.measurement.verdict }];
  return rows.map((value) => ({
    file: entry.test.file,
    test: entry.test.fullName,
    matcher: entry.label,
    metric: value.metric,
    base: status === 'removed' ? value.value : undefined,
    head: status === 'new' ? value.value : undefined,
    delta: undefined,
    ratio: undefined,
    baseVerdict: status === 'removed' ? value.metricVerdict : undefined,
    headVerdict: status === 'new' ? value.metricVerdict : undefined,
    status,
    why: status === 'new' ? 'only in head' : 'only in base',
  }));
}

interface MeasuredValue {
  metric: string;
  value: number | undefined;
  /** ok / leak / inconclusive for leak metrics, ok / exceeded for peaks. */
  metricVerdict: string;
  /** Whether growth of this value beyond the threshold is a regression. */
  gates: boolean;
  /** Growth below this is noise, bytes. */
  noiseFloor: number;
}

function measuredValues(measurement: ReportMeasurement, options: CompareOptions): MeasuredValue[] {
  const leak = (measurement.metrics ?? []).map((metric) => ({ metric: `${metric.name} growth/it`, value: metric.growthPerIteration, metricVerdict: metric.status, gates: true, noiseFloor: 0 }));
  const peaks = (measurement.peaks ?? []).map((peak) => ({
    metric: `${peak.name} peak`,
    value: peak.peak,
    metricVerdict: peak.exceeded ? 'exceeded' : 'ok',
    gates: peak.name !== 'rss' || peak.limit !== undefined,
    noiseFloor: EXACT_PEAKS.has(peak.name) ? options.minBytes : options.noisyMinBytes,
  }));
  return [...leak, ...peaks];
}

function compareMeasurement(base: KeyedMeasurement, head: KeyedMeasurement, options: CompareOptions): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const common = { file: head.test.file, test: head.test.fullName, matcher: head.label };
  const newlyFailing = base.measurement.verdict === 'pass' && head.measurement.verdict !== 'pass';
  const newlyPassing = base.measurement.verdict !== 'pass' && head.measurement.verdict === 'pass';
  const baseValues = new Map(measuredValues(base.measurement, options).map((value) => [value.metric, value]));
  const headValues = measuredValues(head.measurement, options);
  for (const headValue of headValues) {
    const baseValue = baseValues.get(headValue.metric);
    baseValues.delete(headValue.metric);
    if (!baseValue) {
      rows.push({ ...common, metric: headValue.metric, base: undefined, head: headValue.value, delta: undefined, ratio: undefined, baseVerdict: undefined, headVerdict: headValue.metricVerdict, status: 'new', why: 'metric only in head' });
      continue;
    }
    const delta = headValue.value !== undefined && baseValue.value !== undefined ? headValue.value - baseValue.value : undefined;
    const ratio = delta !== undefined && baseValue.value ? delta / Math.abs(baseValue.value) : undefined;
    const verdictWorse = baseValue.metricVerdict === 'ok' && headValue.metricVerdict !== 'ok';
    const verdictBetter = baseValue.metricVerdict !== 'ok' && headValue.metricVerdict === 'ok';
    const isRate = headValue.metric.endsWith('/it');
    const beyond = (sign: 1 | -1): boolean =>
      headValue.gates && !isRate && delta !== undefined && sign * delta > headValue.noiseFloor && (ratio === undefined || sign * ratio > options.threshold);
    let status: RowStatus = 'unchanged';
    let why = '';
    if (verdictWorse) {
      status = 'regressed';
      why = `${baseValue.metricVerdict} -> ${headValue.metricVerdict}`;
    } else if (beyond(1)) {
      status = 'regressed';
      why = `${formatRatio(ratio)} > ${formatRatio(options.threshold)}`;
    } else if (verdictBetter) {
      status = 'improved';
      why = `${baseValue.metricVerdict} -> ${headValue.metricVerdict}`;
    } else if (beyond(-1)) {
      status = 'improved';
      why = formatRatio(ratio);
    } else if (delta !== undefined && delta !== 0) {
      why = headValue.gates ? (isRate ? `still ${headValue.metricVerdict}` : Math.abs(delta) <= headValue.noiseFloor ? `within noise floor ${formatTableBytes(headValue.noiseFloor)}` : 'within threshold') : 'not gated: rss is process-wide';
    }
    rows.push({ ...common, metric: headValue.metric, base: baseValue.value, head: headValue.value, delta, ratio, baseVerdict: baseValue.metricVerdict, headVerdict: headValue.metricVerdict, status, why });
  }
  for (const baseValue of baseValues.values()) {
    rows.push({ ...common, metric: baseValue.metric, base: baseValue.value, head: undefined, delta: undefined, ratio: undefined, baseVerdict: baseValue.metricVerdict, headVerdict: undefined, status: 'removed', why: 'metric only in base' });
  }
  if (newlyFailing || newlyPassing || rows.length === 0) {
    rows.unshift({
      ...common,
      metric: 'verdict',
      base: undefined,
      head: undefined,
      delta: undefined,
      ratio: undefined,
      baseVerdict: base.measurement.verdict,
      headVerdict: head.measurement.verdict,
      status: newlyFailing ? 'regressed' : newlyPassing ? 'improved' : 'unchanged',
      why: newlyFailing || newlyPassing ? `verdict ${base.measurement.verdict} -> ${head.measurement.verdict}` : '',
    });
  }
  return rows;
}

export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return 'n/a';
  const percent = ratio * 100;
  const rounded = Math.abs(percent) >= 10 ? percent.toFixed(0) : percent.toFixed(1);
  return `${percent > 0 ? '+' : ''}${rounded}%`;
}
