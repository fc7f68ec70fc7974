import type { LoadNativeResult } from '@leakproof/native';
import type { BudgetOutcome } from './budget/outcome.js';
import type { FinishedTest } from './budget/finish.js';
import type { HandlesEvidence, LeakMetricEvidence, MeasurementVerdict, PeakMetricEvidence } from './report/measurement-evidence.js';

/**
 * What a test environment running in the real (outer) realm hands to leakproof inside a test's vm context:
 * Jest's `@leakproof/jest/environment` puts it on the context's global under `LEAKPROOF_HOST`. Everything is
 * optional: without an environment leakproof finds gc and the native tracker itself.
 */
export interface LeakproofHost {
  gc?: () => void;
  native?: LoadNativeResult;
  /** The running test, as the runner's event stream reports it. */
  currentTest?: { name: string; concurrent: boolean; timeoutMs?: number | undefined } | undefined;
  /** How many `test.concurrent` functions are in flight (Jest 29 starts them before their turn). */
  concurrentRunning?: number;
  /** Summaries of the measurements made by the running test file, for reporters. */
  measurements?: HostMeasurement[];
  /** Tests of the running file that finished, passed or not (skipped and todo ones too): for obsolete budgets. */
  finishedTests?: FinishedTest[];
  /**
   * Checks the environment runs when the running test's function has finished (memory monitors stop there and
   * fail the test after a critical crossing): each returns the error to add to the test, or undefined.
   */
  testEndChecks?: Array<() => Error | undefined>;
}

/** One measurement as reporters see it: Vitest keeps these in task.meta.leakproof, Jest's environment per test. */
export interface MeasurementSummary {
  matcher: string;
  pass: boolean;
  fullGcs: number;
  durationMs: number;
  headline: string;
  /** Why: each metric's reason (toNotLeak) or the measurement notes (toStayUnder). */
  detail: string;
  /** The committed memory budget this measurement was checked against (`toStayUnder()`, `toNotLeak({ budget })`). */
  budget?: BudgetOutcome;
  /** For reports: pass / fail / inconclusive. */
  verdict?: MeasurementVerdict;
  /** For reports (toNotLeak): each metric's outcome, growth per iteration, threshold and series per phase. */
  metrics?: LeakMetricEvidence[];
  /** For reports (toNotLeak): the handles check, when it ran. */
  handles?: HandlesEvidence;
  /** For reports (toStayUnder): each metric's peak and limit. */
  peaks?: PeakMetricEvidence[];
  /** For reports: calls of fn, warm-up included. */
  calls?: number;
  /** A memory monitor's samples (monitor.stop(), toPlateau): series by metric name, bytes, at `timesMs` from its start. */
  timeline?: MeasurementTimeline;
  /** toAllocateAtMost: native allocation sizes and top allocating stacks over `calls` calls. */
  allocationProfile?: AllocationProfileSummary;
}

export interface MeasurementTimeline {
  intervalMs: number;
  timesMs: number[];
  series: Record<string, number[]>;
}

export interface AllocationProfileSummary {
  /** Calls of fn the counts below cover (divide for per call). */
  calls: number;
  /** Power-of-two size classes: blocks of at most `upTo` bytes (-1: larger than the last class). */
  sizeClasses: Array<{ upTo: number; count: number; bytes: number }>;
  /** The stacks that allocated most, symbolized innermost first as `function (file:line)`. */
  topStacks: Array<{ kind: string; count: number; bytes: number; frames: string[] }>;
}

export interface HostMeasurement extends MeasurementSummary {
  test: string | undefined;
}

export const LEAKPROOF_HOST = Symbol.for('leakproof.host');

export function leakproofHost(): LeakproofHost | undefined {
  return (globalThis as Record<symbol, LeakproofHost | undefined>)[LEAKPROOF_HOST];
}
