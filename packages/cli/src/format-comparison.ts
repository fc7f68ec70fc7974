import { formatRatio, type Comparison, type ComparisonRow } from './compare.js';
import { formatTableBytes } from './format-bytes.js';

const HEADERS = ['test', 'matcher', 'metric', 'base', 'head', 'delta', '%', 'status'] as const;

/** One row as table cells: test, matcher, metric, base, head, delta, %, status (rates get '/it'). */
export function comparisonCells(row: ComparisonRow): string[] {
  const isRate = row.metric.endsWith('/it');
  const unit = (value: string): string => (isRate && value !== '-' ? `${value}/it` : value);
  const verdicts = row.metric === 'verdict' ? [row.baseVerdict ?? '-', row.headVerdict ?? '-'] : undefined;
  return [
    `${row.file} > ${row.test}`,
    row.matcher,
    row.metric,
    verdicts ? verdicts[0] as string : unit(formatTableBytes(row.base)),
    verdicts ? verdicts[1] as string : unit(formatTableBytes(row.head)),
    unit(formatTableBytes(row.delta, true)),
    formatRatio(row.ratio),
    row.why ? `${row.status} (${row.why})` : row.status,
  ];
}

/** Regressions first, then new / removed / improved, then unchanged; stable within a group. */
export function orderedRows(comparison: Comparison): ComparisonRow[] {
  const rank: Record<ComparisonRow['status'], number> = { regressed: 0, new: 1, removed: 2, improved: 3, unchanged: 4 };
  const weight = (row: ComparisonRow): number => (row.metric === 'verdict' ? Number.POSITIVE_INFINITY : row.ratio === undefined ? Number.MAX_VALUE : Math.abs(row.ratio));
  return [...comparison.rows].sort((a, b) => rank[a.status] - rank[b.status] || weight(b) - weight(a));
}

function summaryLine(comparison: Comparison): string {
  const count = (status: ComparisonRow['status']): number => comparison.rows.filter((row) => row.status === status).length;
  const regressions = count('regressed');
  const verdict = regressions > 0 ? `${regressions} regression${regressions === 1 ? '' : 's'}` : 'no regressions';
  return `${verdict} (threshold ${formatRatio(comparison.options.threshold).replace('+', '')}, noise floor ${formatTableBytes(comparison.options.minBytes)} external/native, ${formatTableBytes(comparison.options.noisyMinBytes)} heap/total/rss); ${count('improved')} improved, ${count('new')} new, ${count('removed')} removed, ${count('unchanged')} unchanged`;
}

/** A plain-text table for the terminal. */
export function formatComparisonTable(comparison: Comparison): string {
  const rows = orderedRows(comparison).map(comparisonCells);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (values: readonly string[]): string =>
    values.map((value, column) => (column >= 3 && column <= 6 ? value.padStart(widths[column] ?? 0) : value.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(HEADERS), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line), '', summaryLine(comparison)].join('\n');
}

/** Markdown for a PR comment or $GITHUB_STEP_SUMMARY: escapes what GitHub would interpret in a table cell. */
export function formatComparisonMarkdown(comparison: Comparison): string {
  const escapeCell = (value: string): string =>
    value.replace(/[\\`*_[\]<>|]/g, (character) => (character === '<' ? '&lt;' : character === '>' ? '&gt;' : `\\${character}`)).replace(/\r?\n/g, ' ');
  const icon: Record<ComparisonRow['status'], string> = { regressed: ':x:', new: ':new:', removed: ':wastebasket:', improved: ':white_check_mark:', unchanged: '' };
  const rows = orderedRows(comparison);
  const changed = rows.filter((row) => row.status !== 'unchanged');
  const out = [
    '<!-- leakproof-compare -->',
    `### leakproof memory comparison: ${summaryLine(comparison)}`,
    '',
  ];
  if (changed.length === 0) out.push('No measurement changed beyond the threshold.');
  else {
    out.push(`| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map((_, column) => (column >= 3 && column <= 6 ? '---:' : '---')).join(' | ')} |`);
    out.push(...changed.map((row) => `| ${comparisonCells(row).map((cell, column) => (column === 7 ? `${icon[row.status]} ${escapeCell(cell)}`.trim() : escapeCell(cell))).join(' | ')} |`));
  }
  const unchanged = rows.length - changed.length;
  if (unchanged > 0) {
    out.push('', `<details><summary>${unchanged} unchanged</summary>`, '', `| ${HEADERS.join(' | ')} |`, `| ${HEADERS.map(() => '---').join(' | ')} |`);
    out.push(...rows.filter((row) => row.status === 'unchanged').map((row) => `| ${comparisonCells(row).map(escapeCell).join(' | ')} |`), '', '</details>');
  }
  return out.join('\n');
}
