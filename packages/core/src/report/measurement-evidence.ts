/**
 * The evidence a measurement summary carries for reports (leakproof-report.json, `leakproof compare`, the HTML
 * report): compact, bytes rounded to whole bytes, per-call rates to 0.1 B.
 */

import type { HandleVerdict } from '../handles/handle-verdict.js';

/** One phase of one metric's samples: enough to plot memory against cumulated calls with the phase's fitted slope. */
export interface PhaseSeries {
  /** Calls of fn between two samples. */
  batch: number;
  /** Sample values after a full GC, bytes. */
  values: number[];
  /** For each sample, the measured calls of fn before it (cumulated over the measurement). */
  calls: number[];
  /** Theil-Sen slope of the phase, bytes per call. */
  slopePerCall: number;
  state: 'growing' | 'flat' | 'unsteady';
}

/** toNotLeak: one metric's outcome and series. */
export interface LeakMetricEvidence {
  name: string;
  status: 'ok' | 'leak' | 'inconclusive';
  /** Robust growth per call (Theil-Sen slope of the decisive phase), bytes. */
  growthPerIteration: number;
  /** Growth summed inside phases divided by the calls they cover, bytes. */
  meanPerIteration: number;
  /** Allowed growth per iteration, bytes. */
  threshold: number;
  /** Measured calls covered by the phases. */
  iterations: number;
  reason: string;
  phases: PhaseSeries[];
}

/** toStayUnder: one metric's peak above the baseline. */
export interface PeakMetricEvidence {
  name: string;
  /** Peak above the post-GC baseline, bytes. */
  peak: number;
  /** The limit, bytes, when this metric was bounded. */
  limit?: number;
  exceeded: boolean;
  /** Where the number comes from. */
  source: string;
}

/** toNotLeak: handles of one type created at one place and left open by the probe calls. */
export interface HandleGroupEvidence {
  /** async_hooks type: 'Timeout', 'TCPSERVERWRAP', 'TCPWRAP', 'FSEVENTWRAP', 'PROCESSWRAP', ... */
  type: string;
  /** Timers: 'setInterval 1000 ms'; absent for other handles. */
  detail?: string;
  count: number;
  perIteration: number;
  /** The creation stack, innermost first, `function (file:line:column)`: TypeScript lines where the runner maps them. */
  frames: string[];
}

/**
 * toNotLeak: the handles check (active handles fn left open after it settled): the verdict's counts (calls of
 * the probe, handles left open, probe calls that left one, allowed and runner-created ones) and its groups.
 */
export type HandlesEvidence = Pick<HandleVerdict, 'reason' | 'calls' | 'left' | 'perIteration' | 'callsLeaving' | 'allowed' | 'runner'> & {
  status: 'ok' | 'leak';
  groups: HandleGroupEvidence[];
};

/** pass; fail (a leak, a limit exceeded, or an object still alive); inconclusive (time ran out: a failure). */
export type MeasurementVerdict = 'pass' | 'fail' | 'inconclusive';
