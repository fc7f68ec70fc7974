import { leakproofHost, type MatcherContextLike, type MatcherUtilsLike, type MeasurementSummary } from '@leakproof/core';

/** The fields of Jest's matcher `this` (29.x and 30.x) that leakproof reads. */
export interface JestMatcherThis {
  isNot?: boolean;
  promise?: string;
  utils: unknown;
  currentTestName?: string;
  testPath?: string;
  snapshotState?: unknown;
}

/**
 * Jest's matcher state knows the test's name but not whether it is concurrent nor its timeout; the leakproof
 * environment (when configured) reports both from the runner's event stream.
 */
export function toMatcherContext(state: JestMatcherThis): MatcherContextLike {
  const host = leakproofHost();
  const running = host?.currentTest;
  return {
    isNot: state.isNot === true,
    promise: state.promise,
    utils: state.utils as Partial<MatcherUtilsLike>,
    currentTestName: state.currentTestName,
    testTimeoutMs: running?.timeoutMs,
    concurrent: running?.concurrent === true || (host?.concurrentRunning ?? 0) > 0,
    testPath: state.testPath,
    snapshotState: state.snapshotState,
  };
}

/** Hands a measurement summary to the environment, which keeps them per test for reporters. */
export function recordMeasurement(state: JestMatcherThis, summary: MeasurementSummary): void {
  const host = leakproofHost();
  host?.measurements?.push({ test: state.currentTestName, ...summary });
}
