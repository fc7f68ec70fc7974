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

/** The parts of Vitest's (4.x and 5.x) reporter API this reporter reads. */
interface VitestLike {
  version: string;
  config: { root: string; pool?: unknown; shard?: { index: number; count: number } | undefined };
}
interface TestCaseLike {
  type: 'test';
  fullName: string;
  meta(): object;
  result(): { state: string };
  diagnostic(): { duration: number } | undefined;
}
interface TestModuleLike {
  moduleId: string;
  children: { allTests(): Iterable<TestCaseLike> };
}

export interface LeakproofVitestReporterOptions {
  /** Where to write the report, relative to Vitest's root; default `leakproof-report.json`. Env LEAKPROOF_REPORT_FILE wins. */
  outputFile?: string;
}

/**
 * `reporters: ['default', '@leakproof/vitest/reporter']`: writes leakproof-report.json with every test that made a
 * measurement (the summaries the matchers leave in `task.meta.leakproof`), for `leakproof compare / merge / report`.
 */
export class LeakproofReporter {
  private vitest: VitestLike | undefined;

  constructor(private readonly options: LeakproofVitestReporterOptions = {}) {}

  onInit(vitest: VitestLike): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModuleLike>): void {
    const root = this.vitest?.config.root ?? process.cwd();
    const tests: ReportTest[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const measurements = summariesFrom((test.meta() as { leakproof?: unknown }).leakproof);
        if (measurements.length === 0) continue;
        tests.push({
          file: reportFilePath(root, module.moduleId),
          fullName: test.fullName,
          status: statusOf(test.result().state),
          durationMs: Math.round(test.diagnostic()?.duration ?? 0),
          measurements: measurements.map(reportMeasurement),
        });
      }
    }
    const shard = this.vitest?.config.shard;
    const report: LeakproofReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      createdAt: new Date().toISOString(),
      environment: reportEnvironment({
        runner: 'vitest',
        runnerVersion: this.vitest?.version ?? 'unknown',
        pool: typeof this.vitest?.config.pool === 'string' ? this.vitest.config.pool : 'unknown',
        shard: shard ? `${shard.index}/${shard.count}` : undefined,
        cwd: root,
      }),
      tests,
    };
    const outputFile = path.resolve(root, process.env.LEAKPROOF_REPORT_FILE || this.options.outputFile || DEFAULT_REPORT_FILE);
    writeReport(outputFile, report);
    if (tests.length === 0) process.stderr.write(`leakproof reporter: no measurements found for ${outputFile} (is setupFiles: ['@leakproof/vitest'] configured, and did a test call a leakproof matcher?)\n`);
  }
}

function statusOf(state: string): ReportTestStatus {
  return state === 'passed' || state === 'failed' || state === 'skipped' ? state : 'pending';
}

export default LeakproofReporter;
