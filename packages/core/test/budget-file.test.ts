import { describe, expect, test } from 'vitest';
import {
  BudgetFileError,
  budgetUpdateMode,
  compareWithBudget,
  locateJsonError,
  parseBudgetFile,
  parseTolerance,
  serializeBudgetFile,
  type BudgetFileContent,
} from '../src/index.js';
import { keyBelongsTo, nextBudgetKey, budgetSession, endBudgetSession } from '../src/budget/session.js';

const FILE = '/repo/src/__memory__/calls.test.ts.json';

function errorOf(text: string): BudgetFileError {
  try {
    parseBudgetFile(text, FILE);
  } catch (error) {
    if (error instanceof BudgetFileError) return error;
    throw error;
  }
  throw new Error('expected a BudgetFileError');
}

const sample: BudgetFileContent = {
  version: 1,
  budgets: {
    'zeta > last': { matcher: 'toStayUnder', metrics: { nativePeak: 2048, jsAllocated: 1_500_000 } },
    'alpha > first': { matcher: 'toNotLeak', metrics: { nativeBlocksPerCall: 4, nativeAllocatedPerCall: 4224 } },
    'Alpha upper': { matcher: 'toStayUnder', metrics: { externalPeak: 0 } },
  },
};

describe('budget file format', () => {
  test('serializes with sorted keys, 2-space indent, version, readable figures; parses back to the same content', () => {
    const text = serializeBudgetFile(sample);
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text) as { version: number; budgets: Record<string, { metrics: Record<string, unknown> }> };
    expect(parsed.version).toBe(1);
    expect(Object.keys(parsed.budgets)).toEqual(['Alpha upper', 'alpha > first', 'zeta > last']);
    expect(Object.keys(parsed.budgets['zeta > last']?.metrics ?? {})).toEqual(['jsAllocated', 'nativePeak']);
    expect(parsed.budgets['zeta > last']?.metrics.jsAllocated).toEqual({ bytes: 1_500_000, readable: '1.5 MB' });
    expect(parsed.budgets['alpha > first']?.metrics.nativeBlocksPerCall).toEqual({ blocks: 4 });
    expect(text).toContain('\n  "budgets": {\n    "Alpha upper": {\n      "matcher": "toStayUnder",');
    expect(parseBudgetFile(text, FILE)).toEqual(sample);
    expect(serializeBudgetFile(parseBudgetFile(text, FILE))).toBe(text);
  });

  test.each([
    ['a missing comma', '{\n  "version": 1\n  "budgets": {}\n}', 3, 3, "expected ',' or '}' after a property value, found '\"'"],
    ['a trailing comma', '{\n  "version": 1,\n  "budgets": {},\n}', 4, 1, "expected a double-quoted property name, found '}'"],
    ['a truncated file', '{\n  "version": 1,\n  "budgets": {', 3, 15, "expected a double-quoted property name, found the end of the file"],
    ['a bad literal', '{ "version": tru }', 1, 14, 'expected a value'],
    ['text after the end', '{ "version": 1, "budgets": {} } x', 1, 33, 'unexpected text after the end of the JSON value'],
    ['an unclosed string', '{ "version": 1, "budgets": { "a: 1 } }', 1, 30, 'string is not closed'],
  ])('invalid JSON (%s) names the file, line and column', (_label, text, line, column, reason) => {
    const error = errorOf(text);
    expect(error.line).toBe(line);
    expect(error.column).toBe(column);
    expect(error.message).toContain(`budget file ${FILE} at line ${line}, column ${column}: not valid JSON: ${reason}`);
    expect(error.message).toContain('leakproof did not change it');
  });

  test('the locator agrees with JSON.parse on valid text', () => {
    expect(locateJsonError(serializeBudgetFile(sample))).toBeUndefined();
    expect(locateJsonError('[1, -2.5e3, "a\\u00e9\\n", true, false, null, {}]')).toBeUndefined();
  });

  test.each([
    ['a budget that is a string', { version: 1, budgets: { 'calls > start': '4 kB' } }, "budget 'calls > start' must be an object", 'line 4, column 5'],
    ['an unknown matcher', { version: 1, budgets: { k: { matcher: 'toLeak', metrics: {} } } }, `budget 'k': "matcher" must be "toStayUnder" or "toNotLeak"; found 'toLeak'`, 'line 4'],
    ['an unknown metric', { version: 1, budgets: { k: { matcher: 'toStayUnder', metrics: { heap: { bytes: 1 } } } } }, "budget 'k': unknown metric 'heap'; accepted: jsAllocated, heapPeak", 'line 4'],
    ['a figure without bytes', { version: 1, budgets: { k: { matcher: 'toStayUnder', metrics: { nativePeak: 12 } } } }, `budget 'k': metric 'nativePeak' must be { "bytes": <non-negative number> }; found number 12`, 'line 4'],
    ['a negative figure', { version: 1, budgets: { k: { matcher: 'toNotLeak', metrics: { nativeBlocksPerCall: { blocks: -1 } } } } }, `metric 'nativeBlocksPerCall' must be { "blocks": <non-negative number> }`, 'line 4'],
    ['another version', { version: 2, budgets: {} }, '"version" is number 2; this leakproof reads version 1', 'line 2, column 3'],
    ['budgets as an array', { version: 1, budgets: [] }, '"budgets" must be an object keyed by test name; found an array', 'line 3'],
    ['a top-level array', [], 'must hold an object { "version": 1, "budgets": { ... } }; found an array', 'line 1, column 1'],
  ])('a wrong shape (%s) names the key and its line', (_label, content, detail, where) => {
    const error = errorOf(JSON.stringify(content, null, 2));
    expect(error.message).toContain(detail);
    expect(error.message).toContain(`${FILE} at ${where}`);
  });
});

describe('comparison with a budget', () => {
  const entry = { matcher: 'toStayUnder' as const, metrics: { jsAllocated: 4_000_000, nativePeak: 0, externalPeak: 100_000 } };

  test('over the tolerance and over the floor: exceeded; under both: improved; otherwise within', () => {
    const result = compareWithBudget(entry, { jsAllocated: 4_600_000, nativePeak: 8_000, externalPeak: 80_000 }, 0.1);
    expect(result.jsAllocated).toMatchObject({ budget: 4_000_000, measured: 4_600_000, change: 'exceeded', tolerance: 0.1 });
    expect(result.nativePeak?.change, '8 kB over a 0 B budget is under the 16 KiB floor').toBe('within');
    expect(result.externalPeak?.change).toBe('improved');
    expect(compareWithBudget(entry, { jsAllocated: 4_360_000 }, 0.1).jsAllocated?.change).toBe('within');
    expect(compareWithBudget(entry, { jsAllocated: 4_450_000 }, 0.05).jsAllocated?.change, '450 kB over is under the 512 KiB floor').toBe('within');
    expect(compareWithBudget(entry, { jsAllocated: 4_600_000 }, 0.05).jsAllocated?.change).toBe('exceeded');
    expect(compareWithBudget(entry, { nativePeak: 17_000 }, 0.1).nativePeak?.change).toBe('exceeded');
  });

  test('metrics the budget lacks are new; without an entry every metric is new', () => {
    expect(compareWithBudget(entry, { heapPeak: 5 }, 0.1).heapPeak?.change).toBe('new');
    expect(compareWithBudget(undefined, { jsAllocated: 5 }, 0.1).jsAllocated).toMatchObject({ budget: undefined, change: 'new' });
  });
});

describe('keys, tolerance, update mode', () => {
  test('further budgets in one test (or a duplicate test name) get #2, #3', () => {
    const session = budgetSession('/tmp/keys.json');
    expect([nextBudgetKey(session, 'a > b'), nextBudgetKey(session, 'a > b'), nextBudgetKey(session, 'a > c'), nextBudgetKey(session, 'a > b')]).toEqual([
      'a > b',
      'a > b #2',
      'a > c',
      'a > b #3',
    ]);
    endBudgetSession('/tmp/keys.json');
    expect(keyBelongsTo('a > b #2', 'a > b')).toBe(true);
    expect(keyBelongsTo('a > b', 'a > b')).toBe(true);
    expect(keyBelongsTo('a > b c', 'a > b')).toBe(false);
    expect(keyBelongsTo('a > b #x', 'a > b')).toBe(false);
  });

  test('tolerance: a fraction or a percentage; anything else names the option and the accepted forms', () => {
    expect(parseTolerance('15%', 'tolerance')).toBeCloseTo(0.15);
    expect(parseTolerance(0.2, 'tolerance')).toBe(0.2);
    expect(() => parseTolerance('15 percent', "toNotLeak: option 'budget'.tolerance")).toThrow(
      "toNotLeak: option 'budget'.tolerance must be a fraction like 0.1 or a percentage string like '10%'; received '15 percent'",
    );
    expect(() => parseTolerance(-1, 'tolerance')).toThrow('must be a fraction');
  });

  test('update mode follows the runner snapshot state, else CI', () => {
    expect(budgetUpdateMode({ _updateSnapshot: 'all' })).toBe('all');
    expect(budgetUpdateMode({ _updateSnapshot: 'none' })).toBe('none');
    const saved = process.env.CI;
    try {
      process.env.CI = 'true';
      expect(budgetUpdateMode(undefined)).toBe('none');
      process.env.CI = 'false';
      expect(budgetUpdateMode(undefined)).toBe('new');
    } finally {
      if (saved === undefined) delete process.env.CI;
      else process.env.CI = saved;
    }
  });
});
