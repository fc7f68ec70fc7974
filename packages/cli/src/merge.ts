import type { LeakproofReport, ReportTest } from '@leakproof/core/report';

export interface MergeResult {
  report: LeakproofReport;
  /** Tests found in more than one input ('file > name'): the first one is kept. */
  duplicates: string[];
}

export interface NamedReport {
  file: string;
  report: LeakproofReport;
}

/**
 * Combines shard reports (vitest --shard, jest --shard) into one: tests in input order, the first input's
 * environment without its shard, `mergedFrom` = number of inputs. A test in two inputs is kept once and reported.
 */
export function mergeReports(inputs: NamedReport[]): MergeResult {
  const [first] = inputs;
  if (!first) throw new Error('merge needs at least one report');
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  const tests: ReportTest[] = [];
  for (const { file, report } of inputs) {
    for (const test of report.tests) {
      const key = JSON.stringify([test.file, test.fullName]);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        duplicates.push(`${test.file} > ${test.fullName} (in ${earlier} and ${file})`);
        continue;
      }
      seen.set(key, file);
      tests.push(test);
    }
  }
  const { shard: _shard, ...environment } = first.report.environment;
  return {
    report: { schemaVersion: first.report.schemaVersion, createdAt: new Date().toISOString(), environment, tests, mergedFrom: inputs.length },
    duplicates,
  };
}
