import { relative } from 'node:path';
import { describeValue, formatBytes } from '../units.js';
import { lineAndColumn, locateJsonError } from './json-location.js';
import { BUDGET_METRICS, isBlockMetric, type BudgetMetric } from './metrics.js';

/** Version of the `__memory__/*.json` layout; a file with another version is refused, never rewritten. */
export const BUDGET_FILE_VERSION = 1;

export type BudgetMatcher = 'toStayUnder' | 'toNotLeak';

/** One test's budget: which matcher measured it and the figure per metric (bytes, or blocks for *Blocks*). */
export interface BudgetEntry {
  matcher: BudgetMatcher;
  metrics: Partial<Record<BudgetMetric, number>>;
}

/** A budget file in memory: entries by key (the full test name, `#2`... for further budgets in one test). */
export interface BudgetFileContent {
  version: typeof BUDGET_FILE_VERSION;
  budgets: Record<string, BudgetEntry>;
}

const ABOUT =
  'leakproof memory budgets, reviewed like snapshots. Figures in bytes (blocks for *Blocks*); "readable" is informational. Update with vitest -u / jest -u.';

/** A budget file that cannot be used: not JSON, or not the shape leakproof writes. It is never overwritten. */
export class BudgetFileError extends Error {
  override name = 'BudgetFileError';
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    const where = line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column}`}`;
    super(
      `leakproof: budget file ${displayPath(file)}${where}: ${detail}. ` +
        'leakproof did not change it: fix it by hand (or delete it and run the tests again to write fresh budgets).',
    );
  }
}

export function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd.startsWith('..') || fromCwd === '' ? file : fromCwd;
}

export function emptyBudgetFile(): BudgetFileContent {
  return { version: BUDGET_FILE_VERSION, budgets: {} };
}

/** Parses and validates a budget file's text; every problem names the file, and where it can, the line. */
export function parseBudgetFile(text: string, file: string): BudgetFileContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const location = locateJsonError(text);
    if (location) throw new BudgetFileError(file, `not valid JSON: ${location.reason}`, location.line, location.column);
    throw new BudgetFileError(file, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BudgetFileError(file, `must hold an object { "version": ${BUDGET_FILE_VERSION}, "budgets": { ... } }; found ${describeValue(raw)}`, 1, 1);
  }
  const top = raw as Record<string, unknown>;
  if (top.version !== BUDGET_FILE_VERSION) {
    throw new BudgetFileError(
      file,
      `"version" is ${describeValue(top.version)}; this leakproof reads version ${BUDGET_FILE_VERSION}`,
      ...keyLocation(text, 'version'),
    );
  }
  const budgets = top.budgets;
  if (budgets === null || typeof budgets !== 'object' || Array.isArray(budgets)) {
    throw new BudgetFileError(file, `"budgets" must be an object keyed by test name; found ${describeValue(budgets)}`, ...keyLocation(text, 'budgets'));
  }
  const content = emptyBudgetFile();
  for (const [key, value] of Object.entries(budgets as Record<string, unknown>)) {
    content.budgets[key] = parseEntry(value, key, text, file);
  }
  return content;
}

function parseEntry(value: unknown, key: string, text: string, file: string): BudgetEntry {
  const where = keyLocation(text, key);
  const shape = `{ "matcher": "toStayUnder" | "toNotLeak", "metrics": { "<metric>": { "bytes": <number> } } }`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BudgetFileError(file, `budget '${key}' must be an object ${shape}; found ${describeValue(value)}`, ...where);
  }
  const entry = value as Record<string, unknown>;
  if (entry.matcher !== 'toStayUnder' && entry.matcher !== 'toNotLeak') {
    throw new BudgetFileError(file, `budget '${key}': "matcher" must be "toStayUnder" or "toNotLeak"; found ${describeValue(entry.matcher)}`, ...where);
  }
  const metrics = entry.metrics;
  if (metrics === null || typeof metrics !== 'object' || Array.isArray(metrics)) {
    throw new BudgetFileError(file, `budget '${key}': "metrics" must be an object ${shape}; found ${describeValue(metrics)}`, ...where);
  }
  const parsed: Partial<Record<BudgetMetric, number>> = {};
  for (const [metric, figure] of Object.entries(metrics as Record<string, unknown>)) {
    if (!(BUDGET_METRICS as readonly string[]).includes(metric)) {
      throw new BudgetFileError(file, `budget '${key}': unknown metric '${metric}'; accepted: ${BUDGET_METRICS.join(', ')}`, ...where);
    }
    const unit = isBlockMetric(metric as BudgetMetric) ? 'blocks' : 'bytes';
    const number = figure !== null && typeof figure === 'object' ? (figure as Record<string, unknown>)[unit] : undefined;
    if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) {
      throw new BudgetFileError(
        file,
        `budget '${key}': metric '${metric}' must be { "${unit}": <non-negative number> }; found ${describeValue(figure)}`,
        ...where,
      );
    }
    parsed[metric as BudgetMetric] = number;
  }
  return { matcher: entry.matcher, metrics: parsed };
}

/** Line and column of `"key":` in the text (first occurrence), for messages about a value's shape. */
function keyLocation(text: string, key: string): [number, number] | [] {
  const match = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`).exec(text);
  if (!match) return [];
  const { line, column } = lineAndColumn(text, match.index);
  return [line, column];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The file text leakproof writes: sorted keys, 2-space indent, a readable figure next to every byte count. */
export function serializeBudgetFile(content: BudgetFileContent): string {
  const budgets: Record<string, unknown> = {};
  for (const key of Object.keys(content.budgets).sort(compareKeys)) {
    const entry = content.budgets[key] as BudgetEntry;
    const metrics: Record<string, unknown> = {};
    for (const metric of (Object.keys(entry.metrics) as BudgetMetric[]).sort(compareKeys)) {
      const figure = entry.metrics[metric] as number;
      metrics[metric] = isBlockMetric(metric) ? { blocks: figure } : { bytes: figure, readable: formatBytes(figure) };
    }
    budgets[key] = { matcher: entry.matcher, metrics };
  }
  return `${JSON.stringify({ version: content.version, about: ABOUT, budgets }, null, 2)}\n`;
}

/** Plain code-unit order: the same on every machine and locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
