import type { PlateauMetricResult, PlateauVerdict } from '../monitor/plateau.js';
import { formatBytes, formatSignedBytes, type UnitFamily } from '../units.js';
import { formatDuration } from './leak-message.js';
import type { MatcherUtilsLike } from './matcher-utils.js';
import { sparkline } from './sparkline.js';

const STATUS: Record<PlateauMetricResult['outcome'], string> = {
  flat: 'ok',
  steps: 'ok (steps)',
  garbage: 'ok (garbage)',
  growing: 'GROWING',
  inconclusive: 'INCONCLUSIVE',
};

/** Message for `toPlateau`: each judged series with its slope, floors, window and sparkline. */
export function formatPlateauMessage(verdict: PlateauVerdict, utils: MatcherUtilsLike, hint: string): string {
  const family = verdict.unitFamily;
  const limit = `${formatBytes(verdict.maxGrowthPerSecond, family)}/s`;
  const lines = [hint, ''];
  const failing = verdict.results.filter((result) => !result.pass);
  lines.push(`Expected: no sustained growth above ${utils.EXPECTED_COLOR(limit)} after a warm-up of ${(verdict.warmupMs / 1000).toFixed(2)} s`);
  if (failing.length === 0) {
    lines.push(`Received: ${utils.EXPECTED_COLOR('a plateau')} (${verdict.results.map((result) => `${result.metric} ${formatSignedBytes(result.slopePerSecond, family)}/s`).join(', ')})`);
  } else {
    lines.push(
      `Received: ${utils.RECEIVED_COLOR(
        failing
          .map((result) => (result.outcome === 'inconclusive' ? `${result.metric} inconclusive` : `${result.metric} grows ${formatSignedBytes(result.slopePerSecond, family)}/s`))
          .join(', '),
      )}`,
    );
  }
  lines.push('');
  for (const result of verdict.results) lines.push(...formatSeries(result, family, utils));
  for (const note of verdict.notes) lines.push(`note: ${note}`);
  lines.push('');
  lines.push(
    `${verdict.label}: ${verdict.samples} samples every ${verdict.intervalMs}ms over ${(verdict.spanMs / 1000).toFixed(2)} s; ` +
      `cost: ${verdict.fullGcs} full GCs, ${formatDuration(verdict.durationMs)}`,
  );
  return lines.join('\n');
}

function formatSeries(result: PlateauMetricResult, family: UnitFamily, utils: MatcherUtilsLike): string[] {
  const pad = ' '.repeat(11);
  const status = result.pass ? utils.EXPECTED_COLOR(STATUS[result.outcome]) : utils.RECEIVED_COLOR(STATUS[result.outcome]);
  const lines = [`  ${result.metric.padEnd(9)}${status}  ${formatSignedBytes(result.slopePerSecond, family)}/s (Theil-Sen slope of the bucket floors)`, `${pad}${result.reason}`];
  const first = result.floors[0];
  const last = result.floors.at(-1);
  if (first !== undefined && last !== undefined) {
    const afterGc = result.afterGc === undefined ? '' : `, after a full GC ${formatBytes(result.afterGc, family)}`;
    lines.push(
      `${pad}window ${(result.windowStartMs / 1000).toFixed(2)} s .. ${(result.windowEndMs / 1000).toFixed(2)} s: ${result.samples} samples in ${result.floors.length} buckets, ` +
        `floors ${formatBytes(first, family)} -> ${formatBytes(last, family)}${afterGc}`,
    );
    lines.push(`${pad}floors ${sparkline(result.floors)}`);
  }
  const finite = result.series.filter((value) => Number.isFinite(value));
  if (finite.length > 0) lines.push(`${pad}series ${sparkline(finite)}  (whole timeline, warm-up included, no forced GC)`);
  return lines;
}
