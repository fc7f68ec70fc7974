import type { MatcherUtilsLike } from '../format/matcher-utils.js';
import type { MeasurementSummary } from '../host.js';

/** What a runner adapter (Vitest, Jest) tells the shared matcher implementations. */
export interface MatcherContextLike {
  isNot: boolean;
  promise?: string | undefined;
  utils?: Partial<MatcherUtilsLike> | undefined;
  currentTestName?: string | undefined;
  /** Timeout of the running test, ms, when known. */
  testTimeoutMs?: number | undefined;
  /** The running test was declared concurrent. */
  concurrent?: boolean | undefined;
  /** The running test file (matcher state `testPath`): budgets live beside it in `__memory__/`. */
  testPath?: string | undefined;
  /** The runner's snapshot state (`this.snapshotState`): budgets follow its update mode (-u, --ci). */
  snapshotState?: unknown;
}

/** The `{ pass, message }` object Jest and Vitest expect from a matcher, plus the evidence. */
export interface MatcherOutcome<TVerdict> {
  pass: boolean;
  message: () => string;
  verdict: TVerdict;
  /** What runners keep per measurement (Vitest task.meta, Jest environment) for reporters. */
  summary: MeasurementSummary;
}
