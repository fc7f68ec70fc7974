import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_REPORT_FILE,
  REPORT_SCHEMA_VERSION,
  reportEnvironment,
  reportFilePath,
  reportMeasurement,
  summariesFrom,
  writeReport,
  type LeakproofReport,
  type ReportTest,
  type ReportTestStatus,
} from '@leakproof/core/report';

/** The parts of Jest's (29.x and 30.x) reporter API this reporter reads. */
interface GlobalConfigLike {
  rootDir: string;
  maxWorkers?: number;
  workerThreads?: boolean;
  shard?: { shardIndex: number; shardCount: number } | null;
}
interface AssertionLike {
  fullName: string;
  status: string;
  duration?: number | null;
}
interface TestFileResultLike {
  testFilePath: string;
  testResults: AssertionLike[];
}
interface TestLike {
  context?: { config?: { testEnvironmentOptions?: { leakproof?: { reportDir?: unknown } } } };
}

export interface LeakproofJestReporterOptions {
  /** Where to write the report, relative to Jest's rootDir; default `leakproof-report.json`. Env LEAKPROOF_REPORT_FILE wins. */
  outputFile?: string;
}

/** What `@leakproof/jest/environment` writes per test file (packages/jest/src/environment.ts). */
interface EnvironmentFile {
  testPath: string;
  measurements: unknown[];
}

/**
 * `reporters: ['default', '@leakproof/jest/reporter']` with `testEnvironment: '@leakproof/jest/environment'`:
 * writes leakproof-report.json from the measurement files the environment writes per test file. Without a
 * configured `reportDir` (env LEAKPROOF_REPORT_DIR or testEnvironmentOptions.leakproof.reportDir) the reporter
 * picks a temporary one and sets LEAKPROOF_REPORT_DIR before Jest starts its workers.
 */
export class LeakproofReporter {
  private readonly runStartedAt = Date.now();
  private readonly measurementDirs = new Set<string>();
  private readonly temporaryDir: string | undefined;
  private readonly results: TestFileResultLike[] = [];

  constructor(
    private readonly globalConfig: GlobalConfigLike,
    private readonly options: LeakproofJestReporterOptions = {},
  ) {
    if (!process.env.LEAKPROOF_REPORT_DIR) {
      this.temporaryDir = mkdtempSync(path.join(tmpdir(), 'leakproof-jest-measurements-'));
      process.env.LEAKPROOF_REPORT_DIR = this.temporaryDir;
    }
    this.measurementDirs.add(process.env.LEAKPROOF_REPORT_DIR as string);
  }

  onTestResult(test: TestLike, result: TestFileResultLike): void {
    const configured = test.context?.config?.testEnvironmentOptions?.leakproof?.reportDir;
    if (typeof configured === 'string') this.measurementDirs.add(configured);
    this.results.push(result);
  }

  onRunComplete(): void {
    const byFile = this.readMeasurementFiles();
    const root = this.globalConfig.rootDir;
    const tests: ReportTest[] = [];
    for (const result of this.results) {
      const summaries = byFile.get(result.testFilePath) ?? [];
      for (const assertion of result.testResults) {
        const measurements = summariesFrom(summaries.filter((entry) => (entry as { test?: unknown }).test === assertion.fullName));
        if (measurements.length === 0) continue;
        tests.push({
          file: reportFilePath(root, result.testFilePath),
          fullName: assertion.fullName,
          status: statusOf(assertion.status),
          durationMs: Math.round(assertion.duration ?? 0),
          measurements: measurements.map(reportMeasurement),
        });
      }
    }
    const shard = this.globalConfig.shard;
    const report: LeakproofReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      environment: reportEnvironment({
        runner: 'jest',
        runnerVersion: jestVersion(),
        pool: `${this.globalConfig.workerThreads === true ? 'workerThreads' : 'childProcess'} (maxWorkers ${this.globalConfig.maxWorkers ?? 'unknown'})`,
        shard: shard ? `${shard.shardIndex}/${shard.shardCount}` : undefined,
        cwd: root,
      }),
      tests,
    };
    const outputFile = path.resolve(root, process.env.LEAKPROOF_REPORT_FILE || this.options.outputFile || DEFAULT_REPORT_FILE);
    writeReport(outputFile, report);
    if (tests.length === 0) process.stderr.write(`leakproof reporter: no measurements found for ${outputFile} (is testEnvironment '@leakproof/jest/environment' configured, and did a test call a leakproof matcher?)\n`);
    if (this.temporaryDir) rmSync(this.temporaryDir, { recursive: true, force: true });
  }

  /** Measurements per test file, from files written during this run (a reused directory may hold older ones). */
  private readMeasurementFiles(): Map<string, unknown[]> {
    const byFile = new Map<string, unknown[]>();
    for (const dir of this.measurementDirs) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (!name.endsWith('.json') || statSync(file).mtimeMs < this.runStartedAt - 1000) continue;
        const written = JSON.parse(readFileSync(file, 'utf8')) as EnvironmentFile;
        byFile.set(written.testPath, [...(byFile.get(written.testPath) ?? []), ...written.measurements]);
      }
    }
    return byFile;
  }
}

function statusOf(status: string): ReportTestStatus {
  return status === 'passed' || status === 'failed' ? status : status === 'pending' ? 'pending' : 'skipped';
}

/** The running Jest's version: @jest/core (same version as jest) is loaded in this process. */
function jestVersion(): string {
  const localRequire = createRequire(import.meta.url);
  const core = Object.keys(localRequire.cache).find((file) => /[\\/]@jest[\\/]core[\\/]build[\\/]/.test(file));
  if (!core) return 'unknown';
  try {
    const packageJson = path.join(core.slice(0, core.search(/[\\/]build[\\/]/)), 'package.json');
    return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export default LeakproofReporter;
