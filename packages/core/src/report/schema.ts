import type { HandlesEvidence, LeakMetricEvidence, MeasurementVerdict, PeakMetricEvidence } from './measurement-evidence.js';

/** The version of leakproof-report.json this code writes and reads (docs/report-schema.md). */
export const REPORT_SCHEMA_VERSION = 1;

/** Default file name the reporters write. */
export const DEFAULT_REPORT_FILE = 'leakproof-report.json';

/** Where and how the tests ran. */
export interface ReportEnvironment {
  /** process.version, e.g. 'v20.20.0'. */
  node: string;
  runner: 'vitest' | 'jest';
  runnerVersion: string;
  /** Vitest pool (forks, threads, vmThreads) or Jest worker kind (inBand, childProcess, workerThreads). */
  pool: string;
  platform: string;
  arch: string;
  /** CPU model and count, e.g. 'AMD EPYC 7B13 x 2'. */
  cpu: string;
  leakproofVersion: string;
  /** The commit measured, when known (GITHUB_SHA or `git rev-parse HEAD`). */
  gitSha?: string;
  /** '2/3' when the run was one shard of a sharded run. */
  shard?: string;
}

/** One matcher call: the summary the matcher left, as-is, plus the evidence reports plot. */
export interface ReportMeasurement {
  matcher: string;
  verdict: MeasurementVerdict;
  pass: boolean;
  headline: string;
  detail: string;
  durationMs: number;
  fullGcs: number;
  /** Calls of fn, warm-up included (toNotLeak). */
  calls?: number;
  metrics?: LeakMetricEvidence[];
  peaks?: PeakMetricEvidence[];
  /** toNotLeak: the handles check, when it ran. */
  handles?: HandlesEvidence;
  /** Budget file outcome, copied from the summary when present. */
  budget?: Record<string, unknown>;
  /** Memory monitor samples, copied from the summary when present. */
  timeline?: Record<string, unknown>;
  /** Allocation profile, copied from the summary when present. */
  allocationProfile?: Record<string, unknown>;
}

export type ReportTestStatus = 'passed' | 'failed' | 'skipped' | 'pending';

/** One test that made at least one measurement. */
export interface ReportTest {
  /** Test file, relative to the runner's root directory, '/'-separated. */
  file: string;
  /** The runner's full name: Vitest 'suite > test', Jest 'suite test'. */
  fullName: string;
  status: ReportTestStatus;
  /** The whole test's duration, ms. */
  durationMs: number;
  measurements: ReportMeasurement[];
}

export interface LeakproofReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  /** ISO time the report was written. */
  createdAt: string;
  environment: ReportEnvironment;
  tests: ReportTest[];
  /** Set by `leakproof merge`: how many shard reports were combined. */
  mergedFrom?: number;
}
