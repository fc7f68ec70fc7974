import type { MeasurementSummary } from '../host.js';
import type { ReportMeasurement } from './schema.js';

/** Fields other parts of leakproof add to a summary; copied into the report as-is when present. */
const PASSTHROUGH_FIELDS = ['budget', 'timeline', 'allocationProfile'] as const;

/** A measurement summary (Vitest task.meta.leakproof, Jest environment JSON) as a report entry. */
export function reportMeasurement(summary: MeasurementSummary): ReportMeasurement {
  const measurement: ReportMeasurement = {
    matcher: summary.matcher,
    verdict: summary.verdict ?? (summary.pass ? 'pass' : 'fail'),
    pass: summary.pass,
    headline: summary.headline,
    detail: summary.detail,
    durationMs: Math.round(summary.durationMs),
    fullGcs: summary.fullGcs,
  };
  if (summary.calls !== undefined) measurement.calls = summary.calls;
  if (summary.metrics !== undefined) measurement.metrics = summary.metrics;
  if (summary.peaks !== undefined) measurement.peaks = summary.peaks;
  if (summary.handles !== undefined) measurement.handles = summary.handles;
  const extra = summary as unknown as Record<string, unknown>;
  for (const field of PASSTHROUGH_FIELDS) {
    const value = extra[field];
    if (value !== null && typeof value === 'object') measurement[field] = value as Record<string, unknown>;
  }
  return measurement;
}

/** A runner's measurement list (unknown JSON) as summaries: entries without the required fields are skipped. */
export function summariesFrom(value: unknown): MeasurementSummary[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is MeasurementSummary =>
      entry !== null &&
      typeof entry === 'object' &&
      typeof (entry as MeasurementSummary).matcher === 'string' &&
      typeof (entry as MeasurementSummary).pass === 'boolean' &&
      typeof (entry as MeasurementSummary).headline === 'string',
  );
}
