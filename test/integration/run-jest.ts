import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableRuntimes, testAddonLoader, type FixtureRun, type FixtureTestResult } from './run-vitest.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface JestRuntime {
  /** e.g. 'Node 20 + Jest 29 (ts-jest)' */
  name: string;
  node: string;
  /** test/jest29 or test/jest30 */
  packageDir: string;
  transform: 'ts-jest' | 'babel';
}

/** Jest 29 and 30 on the system Node, and Jest 30 on Node 24 when its binary package is installed. */
export function jestRuntimes(): JestRuntime[] {
  const [system, node24] = availableRuntimes();
  const major = process.versions.node.split('.')[0];
  const runtimes: JestRuntime[] = [
    { name: `Node ${major} + Jest 29 (ts-jest)`, node: system?.node ?? process.execPath, packageDir: join(here, '..', 'jest29'), transform: 'ts-jest' },
    { name: `Node ${major} + Jest 30 (babel-jest)`, node: system?.node ?? process.execPath, packageDir: join(here, '..', 'jest30'), transform: 'babel' },
  ];
  if (node24) runtimes.push({ name: 'Node 24 + Jest 30 (ts-jest)', node: node24.node, packageDir: join(here, '..', 'jest30'), transform: 'ts-jest' });
  return runtimes;
}

/**
 * Runs a real `jest` process on the shared fixtures (or, with another config file, or with extraArgs such as
 * `--rootDir <dir> --testMatch <glob>`, on other fixtures) and returns each test's status and failure messages.
 */
export function runJestFixtures(
  runtime: JestRuntime,
  env: Record<string, string> = {},
  configFile: string = join(runtime.packageDir, 'jest.config.cjs'),
  extraArgs: string[] = [],
  /** Working directory of the Jest process (messages print paths relative to it). */
  cwd: string = runtime.packageDir,
): FixtureRun {
  const jestBin = join(runtime.packageDir, 'node_modules', 'jest', 'bin', 'jest.js');
  if (!existsSync(jestBin)) throw new Error(`jest is not installed in ${runtime.packageDir} (run pnpm install)`);
  const outDir = mkdtempSync(join(tmpdir(), 'leakproof-jest-'));
  const outputFile = join(outDir, 'report.json');
  const reportDir = join(outDir, 'measurements');
  try {
    const child = spawnSync(runtime.node, [jestBin, '--config', configFile, '--json', `--outputFile=${outputFile}`, ...extraArgs], {
      cwd,
      encoding: 'utf8',
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        CI: '1',
        LEAKPROOF_JEST_TRANSFORM: runtime.transform,
        LEAKPROOF_TEST_ADDON: testAddonLoader,
        LEAKPROOF_JEST_PACKAGE: runtime.packageDir,
        LEAKPROOF_REPORT_DIR: reportDir,
        ...env,
      },
      timeout: 600_000,
    });
    const output = `${child.stdout ?? ''}${child.stderr ?? ''}`;
    let report: { testResults: Array<{ assertionResults: FixtureTestResult[] }> };
    try {
      report = JSON.parse(readFileSync(outputFile, 'utf8')) as typeof report;
    } catch (error) {
      throw new Error(`jest did not write a JSON report (exit ${child.status}):\n${output}`, { cause: error });
    }
    const tests = new Map<string, FixtureTestResult>();
    for (const file of report.testResults) for (const test of file.assertionResults) tests.set(test.fullName, test);
    // The leakproof environment wrote each test file's measurements: attach them like Vitest's task.meta.
    const files = existsSync(reportDir) ? readdirSync(reportDir) : [];
    for (const file of files) {
      const { measurements } = JSON.parse(readFileSync(join(reportDir, file), 'utf8')) as { measurements: Array<NonNullable<NonNullable<FixtureTestResult['meta']>['leakproof']>[number] & { test?: string }> };
      for (const measurement of measurements) {
        const test = measurement.test === undefined ? undefined : tests.get(measurement.test);
        if (!test) continue;
        test.meta = { leakproof: [...(test.meta?.leakproof ?? []), measurement] };
      }
    }
    return { exitCode: child.status, output, tests };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
