import { readFileSync } from 'node:fs';
import { REPORT_SCHEMA_VERSION, type LeakproofReport } from './schema.js';

/** A report file that cannot be used: the message names the file and the problem. */
export class ReportInputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ReportInputError';
  }
}

export interface ReadReportOptions {
  /** A report with no measured tests is an error unless allowed (default false). */
  allowEmpty?: boolean;
}

/** Reads and checks a leakproof-report.json: missing file, invalid JSON, wrong schema version, wrong shape, empty. */
export function readReport(file: string, options: ReadReportOptions = {}): LeakproofReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReportInputError(file, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(file, `is not valid JSON (${(error as Error).message})`);
  }
  return checkReport(json, file, options);
}

/** Checks parsed JSON against the report schema (version 1). */
export function checkReport(json: unknown, file: string, options: ReadReportOptions = {}): LeakproofReport {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ReportInputError(file, `is not a leakproof report: expected a JSON object with schemaVersion ${REPORT_SCHEMA_VERSION}`);
  }
  const report = json as Record<string, unknown>;
  if (!('schemaVersion' in report)) {
    throw new ReportInputError(file, `is not a leakproof report: no 'schemaVersion' (expected ${REPORT_SCHEMA_VERSION}; written by @leakproof/vitest/reporter or @leakproof/jest/reporter)`);
  }
  if (report.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new ReportInputError(file, `schemaVersion ${JSON.stringify(report.schemaVersion)} is not supported: this leakproof reads schemaVersion ${REPORT_SCHEMA_VERSION}`);
  }
  const environment = report.environment as Record<string, unknown> | undefined;
  if (environment === null || typeof environment !== 'object' || typeof environment.runner !== 'string') {
    throw new ReportInputError(file, "'environment' is missing or has no 'runner'");
  }
  if (!Array.isArray(report.tests)) throw new ReportInputError(file, "'tests' is missing or not an array");
  report.tests.forEach((test: unknown, index) => {
    const entry = test as Record<string, unknown> | null;
    const where = `tests[${index}]`;
    if (entry === null || typeof entry !== 'object') throw new ReportInputError(file, `${where} is not an object`);
    if (typeof entry.file !== 'string' || typeof entry.fullName !== 'string') throw new ReportInputError(file, `${where} needs string 'file' and 'fullName'`);
    if (!Array.isArray(entry.measurements)) throw new ReportInputError(file, `${where} ('${entry.fullName}') has no 'measurements' array`);
    entry.measurements.forEach((measurement: unknown, m) => {
      const value = measurement as Record<string, unknown> | null;
      if (value === null || typeof value !== 'object' || typeof value.matcher !== 'string' || typeof value.verdict !== 'string') {
        throw new ReportInputError(file, `${where}.measurements[${m}] needs string 'matcher' and 'verdict'`);
      }
    });
  });
  if (report.tests.length === 0 && options.allowEmpty !== true) {
    throw new ReportInputError(file, 'the report is empty: no measured tests (did any test call a leakproof matcher, and is the leakproof reporter configured?)');
  }
  return report as unknown as LeakproofReport;
}
