import { formatBytes, formatSignedBytes } from '../units.js';
import type { LeakVerdict, PeakVerdict } from '../verdict.js';
import type { HandlesEvidence, LeakMetricEvidence, MeasurementVerdict, PeakMetricEvidence, PhaseSeries } from '../report/measurement-evidence.js';
import type { HandleVerdict } from '../handles/handle-verdict.js';
import { formatCreationFrame } from '../handles/creation-stack.js';

/** One line per verdict for reporters: `heap ok (+0 B/iteration), external LEAK (+1.02 kB/iteration)`. */
export function summarizeLeakVerdict(verdict: LeakVerdict): string {
  const parts = verdict.metrics.map((metric) => {
    const status = metric.outcome === 'pass' ? 'ok' : metric.outcome === 'leak' ? 'LEAK' : 'INCONCLUSIVE';
    return `${metric.metric} ${status} (${formatSignedBytes(metric.slopePerIteration, verdict.unitFamily)}/iteration)`;
  });
  if (verdict.handles) parts.push(`handles ${verdict.handles.outcome === 'leak' ? 'LEAK' : 'ok'} (${verdict.handles.left} left open by ${verdict.handles.calls} calls)`);
  return parts.join(', ');
}

/** `total peak 1.2 MB (limit 5 MB), rss peak 3 MB` — bounded metrics first. */
export function summarizePeakVerdict(verdict: PeakVerdict): string {
  return verdict.results
    .filter((result) => result.limit !== undefined || result.metric === 'heap')
    .map(
      (result) =>
        `${result.metric} peak ${formatBytes(result.peak, verdict.unitFamily)}${result.limit === undefined ? '' : ` (limit ${formatBytes(result.limit, verdict.unitFamily)})`}`,
    )
    .join(', ');
}

/** Why each metric got its outcome, one clause per metric: for reports and for debugging a surprising pass. */
export function explainLeakVerdict(verdict: LeakVerdict): string {
  const reasons = verdict.metrics.map((metric) => `${metric.metric}: ${metric.reason}`);
  if (verdict.handles) reasons.push(`handles: ${verdict.handles.reason}`);
  return reasons.join('; ');
}

const roundBytes = (bytes: number): number => Math.round(bytes);
const roundRate = (bytesPerCall: number): number => Math.round(bytesPerCall * 10) / 10;

/** Each metric of a toNotLeak verdict for reports: outcome, rates, and the series split by phase. */
export function leakMetricEvidence(verdict: LeakVerdict): LeakMetricEvidence[] {
  return verdict.metrics.map((metric) => {
    let start = 0;
    const phases: PhaseSeries[] = metric.phases.map((phase) => {
      const end = start + phase.samples;
      const series: PhaseSeries = {
        batch: phase.batch,
        values: metric.series.slice(start, end).map(roundBytes),
        calls: metric.seriesCalls.slice(start, end),
        slopePerCall: roundRate(phase.slopePerCall),
        state: phase.state,
      };
      start = end;
      return series;
    });
    return {
      name: metric.metric,
      status: metric.outcome === 'pass' ? 'ok' : metric.outcome,
      growthPerIteration: roundRate(metric.slopePerIteration),
      meanPerIteration: roundRate(metric.growthPerIteration),
      threshold: roundBytes(metric.threshold),
      iterations: metric.iterations,
      reason: metric.reason,
      phases,
    };
  });
}

/** The handles check of a toNotLeak verdict for reports: counts, and each group with its creation frames. */
export function handlesEvidence(handles: HandleVerdict): HandlesEvidence {
  return {
    status: handles.outcome === 'leak' ? 'leak' : 'ok',
    reason: handles.reason,
    calls: handles.calls,
    left: handles.left,
    perIteration: roundRate(handles.perIteration),
    callsLeaving: handles.callsLeaving,
    allowed: handles.allowed,
    runner: handles.runner,
    groups: handles.groups.map((group) => ({
      type: group.type,
      ...(group.detail === undefined ? {} : { detail: group.detail }),
      count: group.count,
      perIteration: roundRate(group.perIteration),
      frames: group.stack.frames.map(formatCreationFrame),
    })),
  };
}

/** Each metric of a toStayUnder verdict for reports: peak, limit, whether it was exceeded. */
export function peakMetricEvidence(verdict: PeakVerdict): PeakMetricEvidence[] {
  return verdict.results.map((result) => ({
    name: result.metric,
    peak: roundBytes(result.peak),
    ...(result.limit === undefined ? {} : { limit: roundBytes(result.limit) }),
    exceeded: result.exceeded,
    source: result.source,
  }));
}

export function leakMeasurementVerdict(verdict: LeakVerdict): MeasurementVerdict {
  return verdict.pass ? 'pass' : verdict.inconclusive && !verdict.metrics.some((metric) => metric.outcome === 'leak') ? 'inconclusive' : 'fail';
}
