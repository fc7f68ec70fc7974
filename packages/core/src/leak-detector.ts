import v8 from 'node:v8';
import { fullGcCountSoFar } from './gc.js';
import { CycleHarness, type CycleFn } from './harness.js';
import { LeakproofUsageError } from './errors.js';
import { readExternal, readHeapUsedWithoutCode, type LeakMetric } from './metrics.js';
import { nativeTracker } from './native.js';
import { inSharedProcessWorker, SHARED_PROCESS_NATIVE_NOTE } from './shared-process.js';
import { findGrowingSites, NativeSampler, type GrowingSite } from './native-focus.js';
import { diagnoseNativeLeak } from './native-diagnosis.js';
import { boundedHeapDiagnosis } from './diagnosis/bounded-heap-diagnosis.js';
import type { ResolvedLeakOptions } from './options.js';
import { largestChange, largestStep, positiveDeltaShare, robustGrowthPerSample, takeOutStep, theilSenSlope } from './statistics.js';
import type { LeakVerdict, MetricVerdict, PhaseEvidence, PhaseState } from './verdict.js';
import { formatBytes, formatSignedBytes } from './units.js';
import { idleCheck, type IdleEvidence } from './idle-check.js';
import { recheckCalls, settledRecheck, type RecheckEvidence } from './settled-recheck.js';
import type { NativeAddon } from '@leakproof/native';
import { probeHandles } from './handles/handle-probe.js';

/** Samples per confirmation phase; the batch (calls per sample) doubles from phase to phase. */
export const CONFIRM_SAMPLES = 16;
/**
 * Share of samples that must rise for a phase to count as growing: a per-call leak raises nearly every sample once
 * a sample spans several calls; the runner's own buffers and rehash steps raise a few.
 */
export const STEADY_SHARE = 0.6;
const MAX_CONFIRM_PHASES = 12;

interface PhaseWindow {
  start: number;
  samples: number;
  batch: number;
}

interface MetricState {
  metric: LeakMetric;
  threshold: number;
  phases: PhaseEvidence[];
  decided?: { outcome: MetricVerdict['outcome']; reason: string; decisivePhase: number };
  /** Native only: what the series counts after the per-stack check. */
  focusNote?: string;
  idle?: IdleEvidence;
  recheck?: RecheckEvidence;
}

/**
 * Runs fn through the harness and decides, per metric, whether memory grows per call.
 *
 * Phase 0: `iterations` samples, one call each. A metric whose phase is flat passes at once (the cheap path).
 * A suspect metric is confirmed with phases of 16 samples whose batch doubles (2, 4, 8, ... calls per sample):
 * a cache or a one-time JIT step shows a flat phase and passes; a leak keeps growing in every phase until
 * `maxIterations` calls have been measured, and only then fails.
 */
export async function detectLeak(fn: CycleFn, options: ResolvedLeakOptions, matcher = 'toNotLeak'): Promise<LeakVerdict> {
  const started = performance.now();
  const gcAtStart = fullGcCountSoFar();
  const verdict = options.metrics.length > 0 ? await detectMemoryLeak(fn, options, matcher, started, gcAtStart) : undefined;
  if (!options.handles) return verdict as LeakVerdict;
  // After the memory phases (fn is warm, its lazy handles exist), or on its own with a warm-up of its own.
  const handles = await probeHandles(fn, {
    matcher,
    warmup: verdict ? 0 : options.warmup,
    allow: options.allowHandles,
    callsBefore: verdict?.calls ?? 0,
  });
  const base: LeakVerdict = verdict ?? {
    notes: [],
    pass: true,
    inconclusive: false,
    metrics: [],
    warmup: options.warmup,
    calls: options.warmup,
    fullGcs: 0,
    durationMs: 0,
    unitFamily: options.unitFamily,
  };
  return {
    ...base,
    handles,
    pass: base.pass && handles.outcome === 'pass',
    calls: base.calls + handles.calls,
    fullGcs: fullGcCountSoFar() - gcAtStart,
    durationMs: performance.now() - started,
  };
}

async function detectMemoryLeak(fn: CycleFn, options: ResolvedLeakOptions, matcher: string, started: number, gcAtStart: number): Promise<LeakVerdict> {
  const capacity = options.iterations + MAX_CONFIRM_PHASES * CONFIRM_SAMPLES;
  const tracker = options.metrics.includes('native') ? nativeTracker() : undefined;
  if (tracker && !tracker.ok) throw new LeakproofUsageError(`${matcher}: the native metric is unavailable: ${tracker.reason}`);
  const addon = tracker?.ok ? tracker.addon : undefined;
  const nativeSampler = addon ? new NativeSampler(addon) : undefined;
  const samplers = options.metrics.map((metric): (() => number) => {
    if (metric === 'heap') return readHeapUsedWithoutCode;
    if (metric === 'external') return readExternal;
    return (nativeSampler as NativeSampler).sample;
  });
  const harness = new CycleHarness(fn, matcher, samplers, capacity);
  // Every forced GC ages bytecode; the runner's own idle functions then get flushed one after another, a slow
  // decrease of the heap that could mask a small leak. Keep bytecode for the length of the measurement.
  v8.setFlagsFromString('--no-flush-bytecode');
  const threads = inSharedProcessWorker() ? 'current' : 'all';
  addon?.start({ stacks: 'cheap', threads });
  try {
    return await runPhases(harness, options, matcher, started, gcAtStart, addon, nativeSampler);
  } finally {
    if (addon?.isRecording()) addon.stop();
    v8.setFlagsFromString('--flush-bytecode');
  }
}

async function runPhases(
  harness: CycleHarness,
  options: ResolvedLeakOptions,
  matcher: string,
  started: number,
  gcAtStart: number,
  addon: NativeAddon | undefined,
  nativeSampler: NativeSampler | undefined,
): Promise<LeakVerdict> {
  const deadline = started + options.timeoutMs;
  const states: MetricState[] = options.metrics.map((metric) => ({ metric, threshold: options.thresholds[metric], phases: [] }));
  const windows: PhaseWindow[] = [];

  for (let i = 0; i < options.warmup; i++) {
    await harness.step(1, harness.scratchSlot, 'warm-up');
  }
  for (let s = 0; s < options.iterations; s++) {
    await harness.step(1, s, 'measurement');
    if (performance.now() > deadline && s < options.iterations - 1) {
      const perStep = (performance.now() - started) / (options.warmup + s + 1);
      throw new LeakproofUsageError(
        `${matcher}: timeout ${Math.round(options.timeoutMs)} ms reached after ${s + 1} of ${options.iterations} samples ` +
          `(~${perStep.toFixed(0)} ms per step of fn + full GC). Raise option 'timeout' (and the test's timeout) or lower 'iterations'.`,
      );
    }
  }
  windows.push({ start: 0, samples: options.iterations, batch: 1 });
  evaluatePhase(harness, states, windows[0] as PhaseWindow, 0, options);
  const nativeState = states.find((state) => state.metric === 'native');
  let growingStacks: GrowingSite[] = [];
  if (addon && nativeSampler && nativeState && !nativeState.decided) {
    growingStacks = await findGrowingSites(addon, harness, nativeSampler.keys);
    if (growingStacks.length === 0) {
      nativeState.decided = {
        outcome: 'pass',
        reason:
          'the native total moved, but no allocation site kept more blocks after each of 2 x 64 further calls ' +
          '(allocations of other threads: GC, compiler, the runner), so fn does not leak natively',
        decisivePhase: 0,
      };
    } else {
      // From here on the native series counts only the bytes live at the sites that grew.
      nativeSampler.focus = new Set(growingStacks.map((site) => site.site));
      nativeState.focusNote = `phases 2+ count only the ${growingStacks.length} allocation site${growingStacks.length === 1 ? '' : 's'} that grew with the calls`;
    }
  }

  let next = options.iterations;
  let measuredCalls = options.iterations - 1;
  let batch = 2;
  let timedOut = false;
  while (states.some((state) => !state.decided) && windows.length <= MAX_CONFIRM_PHASES) {
    if (measuredCalls >= options.maxIterations) break;
    const phaseBatch = batch;
    const window: PhaseWindow = { start: next, samples: CONFIRM_SAMPLES, batch: phaseBatch };
    let taken = 0;
    for (; taken < CONFIRM_SAMPLES; taken++) {
      if (performance.now() > deadline) {
        timedOut = true;
        break;
      }
      await harness.step(phaseBatch, next + taken, 'measurement');
    }
    if (timedOut) break;
    windows.push(window);
    next += CONFIRM_SAMPLES;
    measuredCalls += (CONFIRM_SAMPLES - 1) * phaseBatch;
    evaluatePhase(harness, states, window, windows.length - 1, options);
    batch *= 2;
  }

  for (const state of states) {
    if (state.decided) continue;
    const last = state.phases.length - 1;
    if (last >= 1 && state.phases[last]?.state === 'flat' && !timedOut) {
      // The budget ended right after the first flat phase: growth stopped, and there is no more phase to wait for.
      state.decided = plateau(state, last);
      continue;
    }
    const confirmations = state.phases.length - 1;
    const calls = callsIn(state.phases);
    const largestBatches = state.phases.slice(Math.max(1, state.phases.length - 2));
    if (!timedOut && !largestBatches.every((phase) => phase.state === 'growing')) {
      // Memory rose, but not with (nearly) every sample in the phases with the most calls per sample: occasional
      // steps of something else (the runner's buffers, a cache rehashing), not memory kept by each call.
      const steady = state.phases.slice(1).filter((phase) => phase.state === 'growing').length;
      state.decided = {
        outcome: 'pass',
        reason:
          `memory rose in occasional steps, not with every call: ${steady} of ${confirmations} confirmation phases grew steadily ` +
          `(a leak grows in at least ${Math.round(STEADY_SHARE * 100)}% of samples in every phase with the most calls per sample)`,
        decisivePhase: state.phases.length - 1,
      };
      continue;
    }
    // Cut by the time budget, a suspect is only called a leak when it kept growing for at least half the
    // confirmation budget: a bounded cache still filling when time ran out must not fail as a leak.
    const steadyLargest = largestBatches.every((phase) => phase.state === 'growing');
    if (!timedOut || (confirmations >= 2 && calls >= options.maxIterations / 2 && steadyLargest)) {
      const cut = timedOut ? ` (confirmation cut by the ${Math.round(options.timeoutMs)} ms timeout)` : '';
      state.decided = {
        outcome: 'leak',
        reason: `no plateau: memory was not flat in any of ${state.phases.length} phases over ${calls.toLocaleString('en-US')} measured iterations${cut}`,
        decisivePhase: state.phases.length - 1,
      };
    } else {
      state.decided = {
        outcome: 'inconclusive',
        reason:
          `growth seen in the first phase could not be confirmed or cleared before the ${Math.round(options.timeoutMs)} ms timeout ` +
          `(${confirmations} confirmation phase${confirmations === 1 ? '' : 's'}, ${calls.toLocaleString('en-US')} of ${options.maxIterations.toLocaleString('en-US')} iterations done). ` +
          "Raise option 'timeout' and the test's timeout, or lower 'maxIterations' if a cache of that size is not a concern",
        decisivePhase: state.phases.length - 1,
      };
    }
  }

  await releaseCheck(harness, states, windows, options, started);
  const metrics = states.map((state, index) => buildMetricVerdict(state, harness.series[index] as Float64Array, windows));
  const nativeVerdict = metrics.find((metric) => metric.metric === 'native' && metric.outcome === 'leak');
  if (addon?.isRecording()) addon.stop();
  const nativeDiagnosis = nativeVerdict && addon ? await diagnoseNativeLeak(addon, harness, growingStacks, nativeSampler?.keys) : undefined;
  if (nativeVerdict && nativeState?.focusNote) nativeVerdict.reason += `; ${nativeState.focusNote}`;
  const heapLeaked = metrics.some((metric) => metric.metric === 'heap' && metric.outcome === 'leak');
  const heapDiagnosis = heapLeaked && options.diagnose ? await boundedHeapDiagnosis(harness, options, started) : undefined;
  return {
    heapDiagnosis,
    notes: addon && inSharedProcessWorker() ? [SHARED_PROCESS_NATIVE_NOTE] : [],
    nativeDiagnosis,
    pass: metrics.every((metric) => metric.outcome === 'pass'),
    inconclusive: metrics.some((metric) => metric.outcome === 'inconclusive'),
    metrics,
    warmup: options.warmup,
    calls: harness.calls,
    fullGcs: fullGcCountSoFar() - gcAtStart,
    durationMs: performance.now() - started,
    unitFamily: options.unitFamily,
  };
}

/**
 * Suspects that grew to the end must keep their growth while the process idles (see idle-check.ts) and keep
 * growing between two settled samples (see settled-recheck.ts) before they fail. Growth counts from the first
 * confirmation sample: the native series is focused on the growing sites from there on.
 */
async function releaseCheck(harness: CycleHarness, states: MetricState[], windows: PhaseWindow[], options: ResolvedLeakOptions, started: number): Promise<void> {
  const suspects = states.map((state, index) => ({ state, index })).filter(({ state }) => state.decided?.outcome === 'leak' || state.decided?.outcome === 'inconclusive');
  const last = windows.at(-1);
  if (suspects.length === 0 || !last) return;
  const lastSlot = last.start + last.samples - 1;
  const evidence = await idleCheck(
    suspects.map(({ state, index }) => {
      // Growth inside the phases (confirmation phases when there are any): native counts focused sites from phase 2.
      const phases = state.phases.length > 1 ? state.phases.slice(1) : state.phases;
      const grown = growthIn(phases);
      const calls = callsIn(phases);
      const before = (harness.series[index] as Float64Array)[lastSlot] as number;
      return { grown, before, calls, threshold: state.threshold, read: () => harness.readMetric(index) };
    }),
  );
  suspects.forEach(({ state }, i) => {
    state.idle = evidence[i] as IdleEvidence;
  });
  // Leaks only (an inconclusive suspect stays as the idle check left it): the settled re-check.
  const leaks = suspects.filter(({ state }) => state.decided?.outcome === 'leak');
  if (leaks.length > 0) {
    const elapsed = performance.now() - started;
    const affordable = ((started + options.timeoutMs - performance.now()) / elapsed) * harness.calls;
    const calls = Math.max(...leaks.map(({ state }) => recheckCalls(state.threshold, affordable)));
    const rechecks = await settledRecheck(
      harness,
      leaks.map(({ state, index }) => ({ threshold: state.threshold, read: () => harness.readMetric(index) })),
      calls,
    );
    leaks.forEach(({ state }, i) => {
      state.recheck = rechecks[i] as RecheckEvidence;
    });
  }
  for (const { state } of suspects) decideAfterIdle(state, options.unitFamily);
}

/**
 * A leak fails when the re-check kept memory per call, or (a re-check too short to outweigh the phases) when the idle
 * wait gave nothing back. It passes when a conclusive re-check kept nothing (the growth stopped: a cache filled, a
 * backlog drained), or when the idle wait gave the growth back and the re-check does not say otherwise.
 */
function decideAfterIdle(state: MetricState, family: ResolvedLeakOptions['unitFamily']): void {
  const { idle, recheck } = state;
  if (!idle) return;
  const gaveBack =
    `grew ${formatSignedBytes(idle.grown, family)} over ${idle.calls.toLocaleString('en-US')} iterations, then gave back ` +
    `${formatBytes(idle.before - idle.after, family)} after ${Math.round(idle.waitedMs)} ms idle`;
  const between = recheck
    ? `${formatSignedBytes(recheck.keptPerCall, family)} per iteration over ${recheck.calls.toLocaleString('en-US')} more iterations between two settled samples`
    : '';
  if (recheck?.kept && (recheck.conclusive || !idle.released)) {
    if (idle.released && state.decided) {
      state.decided.reason += `; ${gaveBack} (something else drained), yet kept ${between}`;
    }
    return;
  }
  if (recheck && !recheck.kept && recheck.conclusive) {
    state.decided = {
      outcome: 'pass',
      reason: idle.released
        ? `${gaveBack}, and kept ${between}: memory held for a while (the runner's queued output, a batched flush), not kept per call`
        : `${gaveBack}, but kept only ${between}: the growth stopped (a cache filled, a backlog drained), not kept per call`,
      decisivePhase: state.phases.length - 1,
    };
    return;
  }
  if (!idle.released) return;
  state.decided = {
    outcome: 'pass',
    reason: `${gaveBack}: memory held for a while (the runner's queued output, a batched flush), not kept per call${recheck ? `; re-check: ${between}, too few to outweigh it` : ''}`,
    decisivePhase: state.phases.length - 1,
  };
}

function evaluatePhase(harness: CycleHarness, states: MetricState[], window: PhaseWindow, index: number, options: ResolvedLeakOptions): void {
  states.forEach((state, m) => {
    if (state.decided) return;
    const series = harness.series[m] as Float64Array;
    const evidence = describePhase(series, window, state.threshold);
    if ((index > 0 || state.metric === 'native') && evidence.state === 'flat' && evidence.positiveShare >= STEADY_SHARE) {
      // Most samples rose, yet slope and net growth read flat: something else freed memory mid-phase and hid a
      // small leak (a free by another thread turns a 256 B-per-call native slope negative over 30 samples; under
      // Jest a ~1 kB drop flattened 30 calls x 32 B of a heap leak in phase 2). A plateau does not rise in most
      // samples, so this is not flat: native phase 1 goes to the per-site check, a confirmation phase goes on.
      evidence.state = 'unsteady';
    }
    state.phases.push(evidence);
    if (evidence.state !== 'flat') return;
    if (index === 0) {
      state.decided = { outcome: 'pass', reason: `no growth above ${formatBytes(state.threshold, options.unitFamily)} per iteration`, decisivePhase: 0 };
      return;
    }
    state.decided = plateau(state, index);
  });
}

/** Measured calls of fn the phases cover. */
function callsIn(phases: readonly PhaseEvidence[]): number {
  return phases.reduce((sum, phase) => sum + phase.calls, 0);
}

/** Robust growth inside the phases, bytes: each phase's net growth per call times its calls. */
function growthIn(phases: readonly PhaseEvidence[]): number {
  return phases.reduce((sum, phase) => sum + phase.netPerCall * phase.calls, 0);
}

function plateau(state: MetricState, index: number): NonNullable<MetricState['decided']> {
  let first = index;
  while (first > 1 && state.phases[first - 1]?.state === 'flat') first--;
  const flat = state.phases.slice(first, index + 1);
  const flatCalls = callsIn(flat);
  const calls = callsIn(state.phases);
  const which = first === index ? `phase ${index + 1}` : `phases ${first + 1}-${index + 1}`;
  return {
    outcome: 'pass',
    reason: `early growth stopped: flat for ${flatCalls.toLocaleString('en-US')} iterations in ${which} (plateau after ~${(calls - flatCalls).toLocaleString('en-US')} measured iterations; a cache or one-time cost, not a leak)`,
    decisivePhase: index,
  };
}

export function describePhase(series: Float64Array, window: PhaseWindow, threshold: number): PhaseEvidence {
  const calls = (window.samples - 1) * window.batch;
  const { slopePerCall, netPerCall } = ratesPerCall(series, window.start, window);
  const positiveShare = positiveDeltaShare(series, window.start, window.samples);
  const step = largestStep(series, window.start, window.samples);
  let state: PhaseState;
  if (slopePerCall <= threshold && netPerCall <= threshold) state = 'flat';
  else if (slopePerCall > threshold && netPerCall > threshold && positiveShare >= STEADY_SHARE) state = 'growing';
  else state = 'unsteady';
  const hidingDrop = state === 'flat' ? dropHidingGrowth(series, window, threshold) : undefined;
  if (hidingDrop !== undefined) state = 'unsteady';
  return { batch: window.batch, samples: window.samples, calls, slopePerCall, netPerCall, positiveShare, largestStep: step, ...(hidingDrop === undefined ? {} : { hidingDrop }), state };
}

/** A phase's Theil-Sen slope and robust net growth per call, read from `values` at `start`. */
function ratesPerCall(values: Float64Array, start: number, window: PhaseWindow): { slopePerCall: number; netPerCall: number } {
  return {
    slopePerCall: theilSenSlope(values, start, window.samples) / window.batch,
    netPerCall: robustGrowthPerSample(values, start, window.samples) / window.batch,
  };
}

/** Drops taken out, largest first, when checking that a flat phase is flat by itself. */
const MAX_HIDING_DROPS = 3;

/**
 * A flat phase must also be flat without its largest drops. A warm cycle, leaking or not, seldom lowers memory
 * between two gc'd samples: a drop is mostly memory something else freed (the runner's buffers: ~3 kB drops in
 * about one Vitest phase in ten), and one larger than the phase's growth hid it (a `{ foo: 'bar' }` kept per call
 * and one kept every third call passed this way in CI, Node 24 + Vitest 5).
 *
 * Each round takes out the largest drop and the largest rise (the runner's buffers mostly come and go: a rise and
 * a drop of the same size, which hide nothing; a leak's growth is spread over the samples, so one rise less
 * leaves it showing). Up to MAX_HIDING_DROPS rounds; returns the bytes of the drops taken out once the phase is no
 * longer flat, undefined when it stays flat. Drops of no more than the threshold per call of one sample do not count.
 */
function dropHidingGrowth(series: Float64Array, window: PhaseWindow, threshold: number): number | undefined {
  const lifted = series.slice(window.start, window.start + window.samples);
  let takenOut = 0;
  for (let k = 0; k < MAX_HIDING_DROPS; k++) {
    const drop = largestChange(lifted, 0, window.samples, -1);
    if (drop.size <= threshold * window.batch) return undefined;
    takeOutStep(lifted, drop.at);
    takeOutStep(lifted, largestChange(lifted, 0, window.samples, 1).at);
    takenOut += drop.size;
    const { slopePerCall, netPerCall } = ratesPerCall(lifted, 0, window);
    if (slopePerCall > threshold || netPerCall > threshold) return takenOut;
  }
  return undefined;
}

function buildMetricVerdict(state: MetricState, series: Float64Array, windows: PhaseWindow[]): MetricVerdict {
  const decided = state.decided ?? { outcome: 'pass' as const, reason: 'not measured', decisivePhase: 0 };
  const used = windows.slice(0, state.phases.length);
  const last = used.at(-1);
  const sampleCount = last ? last.start + last.samples : 0;
  const totalGrowth = growthIn(state.phases);
  const iterations = callsIn(state.phases);
  const decisive = state.phases[decided.decisivePhase] ?? state.phases[0];
  const seriesCalls: number[] = [];
  let call = 0;
  used.forEach((window, index) => {
    if (index > 0) call += window.batch;
    for (let i = 0; i < window.samples; i++) seriesCalls.push(call + i * window.batch);
    call += (window.samples - 1) * window.batch;
  });
  return {
    metric: state.metric,
    outcome: decided.outcome,
    reason: decided.reason,
    threshold: state.threshold,
    slopePerIteration: decisive ? decisive.slopePerCall : 0,
    growthPerIteration: iterations > 0 ? totalGrowth / iterations : 0,
    totalGrowth,
    iterations,
    series: Array.from(series.subarray(0, sampleCount)),
    seriesCalls,
    phases: state.phases,
    ...(state.idle ? { idle: state.idle } : {}),
    ...(state.recheck ? { recheck: state.recheck } : {}),
  };
}
