import type { LeakMetric, PeakMetric } from './metrics.js';
import type { UnitFamily } from './units.js';
import type { NativeDiagnosis } from './native-diagnosis.js';
import type { HeapDiagnosis } from './diagnosis/heap-diagnosis.js';
import type { HandleVerdict } from './handles/handle-verdict.js';
import type { IdleEvidence } from './idle-check.js';
import type { RecheckEvidence } from './settled-recheck.js';

/** How one measurement phase looked for one metric. */
export type PhaseState = 'growing' | 'flat' | 'unsteady';

export interface PhaseEvidence {
  /** Calls of fn between two samples. */
  batch: number;
  /** Samples (full GCs) in the phase. */
  samples: number;
  /** Calls of fn covered by the phase's samples: (samples - 1) * batch. */
  calls: number;
  /** Theil-Sen slope of the samples, per call. */
  slopePerCall: number;
  /** Growth between the ends of the phase (median of 3 samples at each end) per call. */
  netPerCall: number;
  /** Share of consecutive deltas that grew (0..1). */
  positiveShare: number;
  /** Largest single step between consecutive samples. */
  largestStep: number;
  /**
   * Set when the phase read flat only because of its largest drops (bytes taken out, at most 3 drops): memory
   * something else freed mid-phase, which hid growth above the threshold. Such a phase is 'unsteady', never flat.
   */
  hidingDrop?: number;
  state: PhaseState;
}

export type MetricOutcome = 'pass' | 'leak' | 'inconclusive';

export interface MetricVerdict {
  metric: LeakMetric;
  outcome: MetricOutcome;
  /** One sentence: why this outcome. */
  reason: string;
  /** Allowed growth per iteration, bytes. */
  threshold: number;
  /** Robust growth per call: Theil-Sen slope of the most decisive phase. */
  slopePerIteration: number;
  /** Growth summed inside phases divided by the calls they cover. */
  growthPerIteration: number;
  /** Growth summed inside phases, bytes. */
  totalGrowth: number;
  /** Calls covered by the phases. */
  iterations: number;
  /** Every sample taken after a full GC, in order (bytes). */
  series: number[];
  /** For each sample, how many measured calls of fn preceded it (x axis of the series). */
  seriesCalls: number[];
  phases: PhaseEvidence[];
  /** For a suspect that grew until the end: what an idle wait gave back (a leak keeps its memory, a backlog drains). */
  idle?: IdleEvidence;
  /** For a leak suspect: growth between two settled samples around more calls (a leak keeps growing). */
  recheck?: RecheckEvidence;
}

export interface LeakVerdict {
  pass: boolean;
  /** True when time ran out before a suspected leak could be confirmed or cleared. */
  inconclusive: boolean;
  metrics: MetricVerdict[];
  warmup: number;
  /** Calls of fn, warm-up included. */
  calls: number;
  fullGcs: number;
  durationMs: number;
  unitFamily: UnitFamily;
  /** What the reader must know about how this was measured (e.g. shared-process pool). */
  notes: string[];
  /** When the native metric leaked: the leaking allocation stacks from a full-stack re-run. */
  nativeDiagnosis?: NativeDiagnosis | undefined;
  /** When the heap metric leaked (and option `diagnose` is on): leaked classes, retainer paths, allocation stacks. */
  heapDiagnosis?: HeapDiagnosis | undefined;
  /** Metric 'handles': handles fn left open after it settled (timers, servers, sockets, watchers, child processes). */
  handles?: HandleVerdict | undefined;
}

export interface PeakMetricResult {
  metric: PeakMetric;
  /** Peak above the baseline, bytes. */
  peak: number;
  limit?: number | undefined;
  exceeded: boolean;
  /** Where the number comes from, e.g. 'GCProfiler (3 GCs) + end of run'. */
  source: string;
}

export interface PeakVerdict {
  pass: boolean;
  results: PeakMetricResult[];
  baseline: { heap: number; external: number; rss: number; native?: number | undefined };
  durationMs: number;
  fullGcs: number;
  unitFamily: UnitFamily;
  notes: string[];
  /** JS bytes allocated during the run (growth of the used heap summed between GCs): independent of GC timing. */
  jsAllocated?: number | undefined;
}
