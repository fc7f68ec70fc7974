import type { MatcherUtilsLike } from '../format/matcher-utils.js';
import { formatBytes } from '../units.js';
import { displayPath } from './budget-file.js';
import { formatBudgetFigure, type BudgetMetric } from './metrics.js';
import type { BudgetMetricOutcome, BudgetOutcome } from './outcome.js';

const UPDATE_HINT = 'run the tests with -u (vitest -u / jest -u)';

function figure(metric: BudgetMetric, value: number | undefined): string {
  return value === undefined ? '-' : formatBudgetFigure(metric, value, (bytes) => formatBytes(bytes));
}

function percent(value: number): string {
  return `${Math.round(value * 1000) / 10}%`;
}

function relativeChange(outcome: BudgetMetricOutcome): string {
  if (outcome.budget === undefined) return 'new';
  if (outcome.budget === 0) return outcome.measured === 0 ? '0%' : 'from 0';
  const change = (outcome.measured - outcome.budget) / outcome.budget;
  return `${change > 0 ? '+' : ''}${percent(change)}`;
}

function entries(outcome: BudgetOutcome): Array<[BudgetMetric, BudgetMetricOutcome]> {
  return Object.entries(outcome.metrics) as Array<[BudgetMetric, BudgetMetricOutcome]>;
}

/** One line per metric: budget, measured, change, the most it may be, and whether it passed. */
export function formatBudgetTable(outcome: BudgetOutcome, utils: MatcherUtilsLike): string[] {
  const rows = entries(outcome).map(([metric, result]) => {
    const allowed = result.budget === undefined ? '-' : figure(metric, result.budget + Math.max(result.budget * result.tolerance, result.floor));
    const mark =
      result.change === 'exceeded' ? utils.RECEIVED_COLOR('EXCEEDED') : result.change === 'improved' ? utils.EXPECTED_COLOR('improved') : result.change === 'new' ? 'new' : 'ok';
    return [metric, figure(metric, result.budget), figure(metric, result.measured), relativeChange(result), allowed, mark];
  });
  const header = ['metric', 'budget', 'measured', 'change', 'allowed', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => stripAnsi(row[column] as string).length)));
  const line = (row: string[]) =>
    `  ${row.map((cell, column) => (column === 0 ? pad(cell, widths[0] as number) : column === row.length - 1 ? cell : padStart(cell, widths[column] as number))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The failure message of a budgeted assertion ('exceeded' or 'missing-in-ci'); for other statuses a description. */
export function formatBudgetMessage(outcome: BudgetOutcome, utils: MatcherUtilsLike, hint: string, verdictLine: string): string {
  const file = displayPath(outcome.file);
  const lines = [hint, ''];
  const tolerance = percent(Object.values(outcome.metrics)[0]?.tolerance ?? 0);
  if (outcome.status === 'missing-in-ci') {
    lines.push(`Expected: a memory budget for '${outcome.key}' in ${file}`);
    lines.push(`Received: ${utils.RECEIVED_COLOR('no budget')}, and missing budgets are not written in CI (like snapshots: CI without -u, jest --ci)`);
    lines.push('');
    lines.push(`  measured: ${entries(outcome).map(([metric, result]) => `${metric} ${figure(metric, result.measured)}`).join(', ')}`);
    lines.push('');
    lines.push(`Run the tests locally (or with -u) to write the budget, and commit ${file}.`);
    return lines.join('\n');
  }
  const over = entries(outcome).filter(([, result]) => result.change === 'exceeded');
  lines.push(`Expected: within the memory budget of '${outcome.key}' in ${file} (tolerance ${tolerance})`);
  if (over.length > 0) {
    lines.push(`Received: ${utils.RECEIVED_COLOR(`over budget: ${over.map(([metric, result]) => `${metric} ${figure(metric, result.budget)} -> ${figure(metric, result.measured)} (${relativeChange(result)})`).join(', ')}`)}`);
  } else {
    lines.push(`Received: ${describeBudgetOutcome(outcome)}`);
  }
  lines.push('');
  lines.push(...formatBudgetTable(outcome, utils));
  if (verdictLine) lines.push('', verdictLine);
  if (over.length > 0) lines.push('', `If the new figures are intended, ${UPDATE_HINT} and commit ${file}.`);
  return lines.join('\n');
}

/** One line for summaries and the end-of-file report. */
export function describeBudgetOutcome(outcome: BudgetOutcome): string {
  const figures = (pick: (result: BudgetMetricOutcome) => boolean, show: (metric: BudgetMetric, result: BudgetMetricOutcome) => string) =>
    entries(outcome)
      .filter(([, result]) => pick(result))
      .map(([metric, result]) => show(metric, result))
      .join(', ');
  const change = (metric: BudgetMetric, result: BudgetMetricOutcome) => `${metric} ${figure(metric, result.budget)} -> ${figure(metric, result.measured)} (${relativeChange(result)})`;
  switch (outcome.status) {
    case 'written':
      return `budget written: ${figures(() => true, (metric, result) => `${metric} ${figure(metric, result.measured)}`)}`;
    case 'missing-in-ci':
      return 'budget missing (not written in CI)';
    case 'within':
      return `within budget: ${figures(() => true, (metric, result) => `${metric} ${figure(metric, result.measured)} (budget ${figure(metric, result.budget)})`)}`;
    case 'exceeded':
      return `over budget: ${figures((result) => result.change === 'exceeded', change)}`;
    case 'improved':
      return `improved beyond the tolerance (update the budget: ${UPDATE_HINT}): ${figures((result) => result.change === 'improved', change)}`;
    case 'updated':
      return `budget updated: ${figures((result) => result.change !== 'within', change)}`;
  }
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stripAnsi(text).length));
}

function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - stripAnsi(text).length)) + text;
}
