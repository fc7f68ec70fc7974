import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { jestRuntimes, runJestFixtures } from './run-jest.js';
import { availableRuntimes, failureOf, runVitestFixtures, type FixtureRun } from './run-vitest.js';

/**
 * Memory budgets end to end, in real Vitest (4 on Node 20, 5 on Node 24) and Jest (29, 30) processes, on a temp
 * copy of test/fixtures/budgets (budgets are written beside the test file): first run writes, second passes, a
 * planted regression fails with old and new figures, -u rewrites, obsolete entries are reported (not under -t) and
 * removed under -u, a corrupt or wrongly shaped file fails naming the file and line and is left untouched, and in
 * CI a missing budget fails without writing.
 */
const here = dirname(fileURLToPath(import.meta.url));
const testDir = join(here, '..');
const fixtureSource = join(testDir, 'fixtures', 'budgets');
const FIXTURE = 'budgets.fixture.ts';
const temporaryDirs: string[] = [];

interface BudgetRunner {
  name: string;
  /** Joins describe and test names in `currentTestName` (budget keys): Vitest ' > ', Jest ' '. */
  separator: string;
  prepare(dir: string): void;
  run(dir: string, env?: Record<string, string>, args?: string[]): FixtureRun;
}

function vitestRunner(runtime: ReturnType<typeof availableRuntimes>[number]): BudgetRunner {
  return {
    name: runtime.name,
    separator: ' > ',
    prepare: () => undefined,
    // The default reporter next to the JSON one prints the console output of the end-of-file budget report.
    run: (dir, env = {}, args = []) => runVitestFixtures([], runtime, ['--reporter=default', ...args], { CI: '', ...env }, dir),
  };
}

function jestRunner(runtime: ReturnType<typeof jestRuntimes>[number]): BudgetRunner {
  return {
    name: runtime.name,
    separator: ' ',
    prepare: (dir) => {
      writeFileSync(
        join(dir, 'jest.config.cjs'),
        `const base = require(${JSON.stringify(join(testDir, 'jest-config.cjs'))})(${JSON.stringify(runtime.packageDir)}, ${JSON.stringify(runtime.transform === 'babel' ? 'babel' : 'ts-jest')});\n` +
          `module.exports = { ...base, rootDir: __dirname, testMatch: ['**/*.fixture.ts'], testTimeout: 60000 };\n`,
      );
    },
    run: (dir, env = {}, args = []) => runJestFixtures(runtime, { CI: '', ...env }, join(dir, 'jest.config.cjs'), args, dir),
  };
}

const runners: BudgetRunner[] = [...availableRuntimes().map(vitestRunner), ...jestRuntimes().filter((runtime) => !runtime.name.startsWith('Node 24')).map(jestRunner)];

function freshCopy(runner: BudgetRunner): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-budgets-'));
  temporaryDirs.push(dir);
  cpSync(fixtureSource, dir, { recursive: true });
  symlinkSync(join(testDir, 'node_modules'), join(dir, 'node_modules'));
  runner.prepare(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

interface BudgetFileOnDisk {
  version: number;
  budgets: Record<string, { matcher: string; metrics: Record<string, { bytes?: number; blocks?: number }> }>;
}

const budgetFile = (dir: string) => join(dir, '__memory__', `${FIXTURE}.json`);
const readBudgets = (dir: string) => JSON.parse(readFileSync(budgetFile(dir), 'utf8')) as BudgetFileOnDisk;

function expectAllPassed(run: FixtureRun, label: string): void {
  const failed = [...run.tests].filter(([, result]) => result.status !== 'passed');
  expect(failed.map(([name, result]) => `${name}: ${result.status}\n${result.failureMessages.join('\n')}`), `${label}\n${run.output.slice(-3000)}`).toEqual([]);
  expect(run.tests.size, label).toBe(5); // 6 tests, two of them called 'same name'
}

/** The JSON reports' full names join describe and test with a space in both runners. */
const TABLE = 'budgets peak of building a table';
const BUFFER = 'budgets an ArrayBuffer per call';

describe.each(runners)('memory budgets under $name', (runner) => {
  const key = (...names: string[]) => names.join(runner.separator);
  const tableKey = key('budgets', 'peak of building a table');
  const bufferKey = key('budgets', 'an ArrayBuffer per call');
  const sometimesKey = key('budgets', 'measured only sometimes');

  test('write, pass, regression, -u, obsolete (not under -t), removal under -u', () => {
    const dir = freshCopy(runner);

    const first = runner.run(dir);
    expectAllPassed(first, 'first run writes');
    // Jest indents console output.
    expect(first.output).toMatch(/leakproof budgets in __memory__\/budgets\.fixture\.ts\.json:\n\s*7 budgets written:/);
    const written = readBudgets(dir);
    expect(Object.keys(written.budgets)).toEqual(
      [bufferKey, sometimesKey, tableKey, key('budgets', 'two budgets in one test'), key('budgets', 'two budgets in one test #2'), 'same name', 'same name #2'].sort(),
    );
    expect(written.version).toBe(1);
    expect(written.budgets[bufferKey]?.matcher).toBe('toNotLeak');
    // A 4 KiB ArrayBuffer per call: its backing store (+ V8's extension record) through malloc, counted exactly.
    expect(written.budgets[bufferKey]?.metrics.nativeAllocatedPerCall?.bytes).toBeGreaterThanOrEqual(4096);
    expect(first.tests.get(BUFFER)?.meta?.leakproof?.[0]).toMatchObject({ budget: { status: 'written', key: bufferKey } });
    const writtenText = readFileSync(budgetFile(dir), 'utf8');

    const second = runner.run(dir);
    expectAllPassed(second, 'second run is within budget');
    // 'improved' passes too (noise below the budget never fails); a second run must not be 'exceeded' nor rewrite the file.
    const secondBudget = (second.tests.get(TABLE)?.meta?.leakproof?.[0] as { budget?: { status: string; metrics: unknown } } | undefined)?.budget;
    expect(['within', 'improved'], JSON.stringify(secondBudget?.metrics)).toContain(secondBudget?.status);
    expect(readFileSync(budgetFile(dir), 'utf8'), 'a run within budget does not rewrite the file').toBe(writtenText);

    const regression = runner.run(dir, { BUDGET_EXTRA: '1' });
    const tableFailure = failureOf(regression, TABLE);
    expect(tableFailure).toContain(`Expected: within the memory budget of '${tableKey}' in __memory__/budgets.fixture.ts.json (tolerance 10%)`);
    expect(tableFailure).toMatch(/Received: over budget: jsAllocated [\d.]+ MB -> [\d.]+ MB \(\+\d+(\.\d)?%\)/);
    expect(tableFailure).toMatch(/jsAllocated +[\d.]+ MB +[\d.]+ MB +\+\d+(\.\d)?% +[\d.]+ MB +EXCEEDED/);
    expect(tableFailure).toContain('If the new figures are intended, run the tests with -u');
    const bufferFailure = failureOf(regression, BUFFER);
    const oldNative = written.budgets[bufferKey]?.metrics.nativeAllocatedPerCall?.bytes ?? 0;
    expect(bufferFailure).toMatch(/Received: over budget: nativeAllocatedPerCall 4\.\d+ kB -> 8\.\d+ kB \(\+9\d(\.\d)?%\)/);
    expect(bufferFailure).toMatch(/leak check: heap ok/);
    expect(readFileSync(budgetFile(dir), 'utf8'), 'a failing run does not touch the file').toBe(writtenText);

    const update = runner.run(dir, { BUDGET_EXTRA: '1' }, ['-u']);
    expectAllPassed(update, '-u accepts the new figures');
    expect(update.output).toMatch(/budgets updated:/);
    const updated = readBudgets(dir);
    expect(updated.budgets[bufferKey]?.metrics.nativeAllocatedPerCall?.bytes).toBe(oldNative + 4096);
    expect(updated.budgets[sometimesKey], '-u keeps entries within tolerance').toEqual(written.budgets[sometimesKey]);

    const dropped = runner.run(dir, { BUDGET_EXTRA: '1', BUDGET_DROP: '1' });
    expectAllPassed(dropped, 'an obsolete budget does not fail');
    expect(dropped.output).toContain(`1 obsolete budget (no test measured it in this run): '${sometimesKey}'`);
    expect(dropped.output).toContain('run the tests with -u (vitest -u / jest -u) to remove obsolete budgets');
    expect(readBudgets(dir).budgets[sometimesKey], 'only reported, not removed').toBeDefined();

    const filtered = runner.run(dir, { BUDGET_EXTRA: '1', BUDGET_DROP: '1' }, ['-t', 'ArrayBuffer']);
    expect(filtered.tests.get(BUFFER)?.status).toBe('passed');
    expect(filtered.output, 'tests filtered out by -t keep their budgets').not.toContain('obsolete');

    const removal = runner.run(dir, { BUDGET_EXTRA: '1', BUDGET_DROP: '1' }, ['-u']);
    expectAllPassed(removal, '-u removes obsolete budgets');
    expect(removal.output).toContain(`1 obsolete budget removed: '${sometimesKey}'`);
    const afterRemoval = readBudgets(dir);
    expect(afterRemoval.budgets[sometimesKey]).toBeUndefined();
    expect(Object.keys(afterRemoval.budgets)).toHaveLength(6);
  });

  test('a corrupt or wrongly shaped budget file fails naming the file and line, and is never overwritten (even under -u)', () => {
    const dir = freshCopy(runner);
    expect(runner.run(dir, {}, ['-t', 'ArrayBuffer']).tests.get(BUFFER)?.status, 'write the budget').toBe('passed');
    const good = readFileSync(budgetFile(dir), 'utf8');
    const lines = good.split('\n');
    // Drop the comma after `"matcher": "toNotLeak"`: the next line ("metrics") is where the JSON breaks.
    const matcherLine = lines.findIndex((line) => line.includes('"matcher": "toNotLeak",'));
    lines[matcherLine] = (lines[matcherLine] as string).replace(/,$/, '');
    const corrupt = lines.join('\n');
    writeFileSync(budgetFile(dir), corrupt);
    const column = (lines[matcherLine + 1] as string).indexOf('"') + 1;

    const broken = runner.run(dir, {}, ['-u', '-t', 'ArrayBuffer']);
    const message = failureOf(broken, BUFFER);
    expect(message).toContain(`BudgetFileError: leakproof: budget file __memory__/budgets.fixture.ts.json at line ${matcherLine + 2}, column ${column}: not valid JSON: expected ',' or '}' after a property value, found '"'`);
    expect(message).toContain('leakproof did not change it');
    expect(readFileSync(budgetFile(dir), 'utf8')).toBe(corrupt);

    const shaped = JSON.parse(good) as { budgets: Record<string, unknown> };
    shaped.budgets[bufferKey] = '4 kB';
    const wrongShape = `${JSON.stringify(shaped, null, 2)}\n`;
    writeFileSync(budgetFile(dir), wrongShape);
    const keyLine = wrongShape.split('\n').findIndex((line) => line.includes(JSON.stringify(bufferKey))) + 1;
    const shapeMessage = failureOf(runner.run(dir, {}, ['-t', 'ArrayBuffer']), BUFFER);
    expect(shapeMessage).toContain(`budget file __memory__/budgets.fixture.ts.json at line ${keyLine}, column 5: budget '${bufferKey}' must be an object`);
    expect(shapeMessage).toContain("found '4 kB'");
    expect(readFileSync(budgetFile(dir), 'utf8')).toBe(wrongShape);
  });

  test('in CI a missing budget fails and nothing is written', () => {
    const dir = freshCopy(runner);
    const run = runner.run(dir, { CI: '1' }, ['-t', 'ArrayBuffer']);
    const message = failureOf(run, BUFFER);
    expect(message).toContain(`Expected: a memory budget for '${bufferKey}' in __memory__/budgets.fixture.ts.json`);
    expect(message).toContain('Received: no budget, and missing budgets are not written in CI');
    expect(message).toMatch(/measured: nativeAllocatedPerCall 4\.\d+ kB, nativeBlocksPerCall \d+ blocks?/);
    expect(existsSync(budgetFile(dir))).toBe(false);
  });
});
