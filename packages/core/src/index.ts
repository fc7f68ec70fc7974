export { LeakproofUsageError, IterationError } from './errors.js';
export { parseBytes, formatBytes, formatSignedBytes, ACCEPTED_BYTE_FORMS, type ByteSize, type UnitFamily } from './units.js';
export { parseDuration } from './duration.js';
export { getGc, fullGc, fullGcCountSoFar, nextMacrotask, settleAndCollect } from './gc.js';
export {
  LEAK_METRICS,
  PEAK_METRICS,
  readHeapUsedWithoutCode,
  readExternal,
  readRss,
  type LeakMetric,
  type PeakMetric,
} from './metrics.js';
export { theilSenSlope, positiveDeltaShare, netGrowth, robustGrowthPerSample, largestStep } from './statistics.js';
export {
  resolveLeakOptions,
  resolvePeakLimits,
  LEAK_DEFAULTS,
  type LeakOptions,
  type ResolvedLeakOptions,
  type ResolvedPeakLimits,
  type ByteInput,
} from './options.js';
export { CycleHarness, isThenable, type CycleFn } from './harness.js';
export { detectLeak, describePhase, CONFIRM_SAMPLES } from './leak-detector.js';
export { measurePeak } from './peak.js';
export { withMeasurementLock, isMeasurementActive, type MeasurementOwner } from './serialize.js';
export type { LeakVerdict, MetricVerdict, PhaseEvidence, PhaseState, MetricOutcome, PeakVerdict, PeakMetricResult } from './verdict.js';
export { sparkline, sparklineOverX } from './format/sparkline.js';
export { formatLeakMessage, formatDuration } from './format/leak-message.js';
export { formatPeakMessage } from './format/peak-message.js';
export { completeUtils, type MatcherUtilsLike } from './format/matcher-utils.js';
export { toNotLeak } from './matchers/to-not-leak.js';
export { toStayUnder } from './matchers/to-stay-under.js';
export type { MatcherContextLike, MatcherOutcome } from './matchers/context.js';
export { summarizeLeakVerdict, summarizePeakVerdict, explainLeakVerdict } from './format/summary.js';
export { nativeTracker, noticeNativeUnavailable, readNativeLive, type NativeTrackerState } from './native.js';
export { diagnoseNativeLeak, cutOwnFrames, type NativeDiagnosis, type NativeLeakStack } from './native-diagnosis.js';
export { formatNativeDiagnosis } from './format/leak-message.js';
export { findGrowingSites, growingSites, snapshotLiveBySite, NativeSampler, SiteKeys, SITE_DEPTH, type GrowingSite, type LiveBySite, type SiteGroup } from './native-focus.js';
export { inSharedProcessWorker } from './shared-process.js';
export { LEAKPROOF_HOST, leakproofHost, type LeakproofHost, type HostMeasurement, type MeasurementSummary } from './host.js';
export { diagnoseHeapLeak, findLeakGroups, type HeapDiagnosis, type HeapLeakGroup, type HeapDiagnosisOptions } from './diagnosis/heap-diagnosis.js';
export { readHeapSnapshot, HeapSnapshot } from './diagnosis/heap-snapshot.js';
export { RetainerTree } from './diagnosis/retainer-tree.js';
export { allocationStackOf, findAllocationLine, type AllocationFrame } from './diagnosis/allocation-stack.js';
export { formatHeapDiagnosis } from './format/heap-diagnosis.js';
export { track, CollectionProbe } from './diagnosis/track.js';
export { findObjectRetainers, type ObjectRetainers } from './diagnosis/object-retainers.js';
export { toBeCollected, COLLECTION_ROUNDS, type CollectionVerdict } from './matchers/to-be-collected.js';
export type { LeakproofMatchers, PeakLimit } from './matchers/types.js';
export * from './budget/index.js';
export type { PeakBudget } from './matchers/types.js';
export { LEAK_CHECKS, type LeakCheck } from './metrics.js';
export { probeHandles, countActiveResources, HANDLE_PROBE_CALLS, type HandleProbeOptions } from './handles/handle-probe.js';
export { HandleTracker, type TrackedHandle } from './handles/handle-tracker.js';
export { parseCreationStack, type CreationStack, type CreationFrame } from './handles/creation-stack.js';
export { resolveAllowHandles, allowingRule, type HandleAllowRule } from './handles/allow-handles.js';
export type { HandleVerdict, HandleGroup } from './handles/handle-verdict.js';
export { formatHandleGroups, formatHandleMetric } from './format/handle-message.js';
export type { HandlesEvidence, HandleGroupEvidence, LeakMetricEvidence, PeakMetricEvidence, PhaseSeries, MeasurementVerdict } from './report/measurement-evidence.js';
export { leakMetricEvidence, peakMetricEvidence, leakMeasurementVerdict } from './format/summary.js';
export type { MeasurementTimeline, AllocationProfileSummary } from './host.js';
export { measurementsStarted } from './serialize.js';
export { MemoryMonitor, MemoryCriticalError, isMemoryMonitor, type MonitorSample } from './monitor/memory-monitor.js';
export {
  resolveMonitorOptions,
  MONITOR_METRICS,
  MONITOR_DEFAULTS,
  type MonitorOptions,
  type MonitorMetric,
  type MonitorThreshold,
  type ResolvedMonitorOptions,
} from './monitor/monitor-options.js';
export { CONSOLE_BINDING, type MonitorTestBinding } from './monitor/test-binding.js';
export type { ThresholdCrossing } from './monitor/threshold-crossing.js';
export { MonitorTimeline } from './monitor/timeline.js';
export { judgePlateau, judgeSeries, type PlateauVerdict, type PlateauMetricResult, type PlateauOutcome } from './monitor/plateau.js';
export { resolvePlateauOptions, PLATEAU_DEFAULTS, type PlateauOptions } from './monitor/plateau-options.js';
export { toPlateau } from './matchers/to-plateau.js';
export { toAllocateAtMost } from './matchers/to-allocate-at-most.js';
export { resolveAllocationLimits, ALLOCATION_DEFAULTS, type AllocationLimits, type ResolvedAllocationLimits } from './allocation/allocation-options.js';
export { measureAllocations, type AllocationVerdict } from './allocation/measure-allocations.js';
export { JsAllocationCounter } from './allocation/js-allocations.js';
export { readAllocationProfile, type NativeAllocationProfile } from './allocation/allocation-profile.js';
export {
  withGuardPages,
  enableGuardPages,
  disableGuardPages,
  resolveGuardOptions,
  guardOptionsFromEnv,
  type GuardPageOptions,
  type GuardPageStats,
} from './guard-pages.js';
