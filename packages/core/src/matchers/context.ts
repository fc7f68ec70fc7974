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
}

/** The `{ pass, message }` object Jest and Vitest expect from a matcher, plus the evidence. */
export interface MatcherOutcome<TVerdict> {
  pass: boolean;
  message: () => string;
  verdict: TVerdict;
  /** What runners keep per measurement (Vitest task.meta, Jest environment) for reporters. */
  summary: MeasurementSummary;
}
