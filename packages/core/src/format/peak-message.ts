import { formatBytes, type UnitFamily } from '../units.js';
import type { PeakMetricResult, PeakVerdict } from '../verdict.js';
import { formatDuration } from './leak-message.js';
import type { MatcherUtilsLike } from './matcher-utils.js';

/** Message for `toStayUnder`: every bounded metric's peak against its limit, plus the unbounded ones for context. */
export function formatPeakMessage(verdict: PeakVerdict, utils: MatcherUtilsLike, hint: string, isNot: boolean): string {
  const family = verdict.unitFamily;
  const bounded = verdict.results.filter((result) => result.limit !== undefined);
  const lines = [hint, ''];
  const limitText = bounded.map((result) => `${result.metric} ${formatBytes(result.limit ?? 0, family)}`).join(', ');
  lines.push(`Expected: peak above baseline ${isNot ? 'to exceed' : 'to stay under'} ${utils.EXPECTED_COLOR(limitText)}`);
  lines.push(`Received: ${utils.RECEIVED_COLOR(bounded.map((result) => `${result.metric} ${formatBytes(result.peak, family)}`).join(', '))}`);
  lines.push('');
  for (const result of verdict.results) lines.push(formatResult(result, family, utils));
  for (const note of verdict.notes) lines.push(`  note: ${note}`);
  lines.push('');
  lines.push(
    `baseline after full GC: heap ${formatBytes(verdict.baseline.heap, family)}, external ${formatBytes(verdict.baseline.external, family)}, rss ${formatBytes(verdict.baseline.rss, family)}; ` +
      `cost: ${verdict.fullGcs} full GCs, ${formatDuration(verdict.durationMs)}`,
  );
  return lines.join('\n');
}

function formatResult(result: PeakMetricResult, family: UnitFamily, utils: MatcherUtilsLike): string {
  const limit = result.limit === undefined ? 'no limit' : `limit ${formatBytes(result.limit, family)}`;
  const status = result.limit === undefined ? '  ' : result.exceeded ? utils.RECEIVED_COLOR('>') : utils.EXPECTED_COLOR('<=');
  return `  ${result.metric.padEnd(9)}peak ${formatBytes(result.peak, family).padStart(9)} ${status} ${limit}   (${result.source})`;
}
