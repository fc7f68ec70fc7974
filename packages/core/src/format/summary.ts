import { formatBytes, formatSignedBytes } from '../units.js';
import type { LeakVerdict, PeakVerdict } from '../verdict.js';

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
