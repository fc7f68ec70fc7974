import v8 from 'node:v8';
import { IterationError } from './errors.js';
import { fullGc, fullGcCountSoFar, fullGcWithExternalSettled, nextMacrotask } from './gc.js';
import { isThenable, type CycleFn } from './harness.js';
import { readExternal, readRss, readRssPeak, resetRssPeak, type PeakMetric } from './metrics.js';
import type { ResolvedPeakLimits } from './options.js';
import { nativeTracker } from './native.js';
import { inSharedProcessWorker, SHARED_PROCESS_NATIVE_NOTE, SHARED_PROCESS_RSS_NOTE } from './shared-process.js';
import type { PeakMetricResult, PeakVerdict } from './verdict.js';
import { grownBetweenGcs } from './budget/call-cost.js';

/**
 * Runs fn once and measures the peak of each metric above a post-GC baseline.
 * Used heap only grows between collections, so its peak is the largest of: every `beforeGC` size that
 * `v8.GCProfiler` saw during the run, and the size at the end of the run. External memory likewise.
 * RSS peak comes from the kernel's VmHWM after resetting it (where /proc/self/clear_refs allows).
 */
export async function measurePeak(fn: CycleFn, limits: ResolvedPeakLimits, matcher = 'toStayUnder'): Promise<PeakVerdict> {
  const started = performance.now();
  const gcAtStart = fullGcCountSoFar();
  const notes: string[] = [];

  await nextMacrotask();
  fullGcWithExternalSettled();
  const baselineHeap = v8.getHeapStatistics().used_heap_size;
  const baselineExternal = readExternal();
  const baselineRss = readRss();
  const rssPeakAvailable = resetRssPeak();
  const tracker = nativeTracker();
  const addon = tracker.ok ? tracker.addon : undefined;
  let nativePeak: number | undefined;

  const profiler = new v8.GCProfiler();
  profiler.start();
  const shared = inSharedProcessWorker();
  addon?.start({ stacks: 'cheap', threads: shared ? 'current' : 'all' });
  if (shared && addon) notes.push(SHARED_PROCESS_NATIVE_NOTE);
  if (shared) notes.push(SHARED_PROCESS_RSS_NOTE);
  let profile: ReturnType<v8.GCProfiler['stop']> | undefined;
  let endHeap = 0;
  let endExternal = 0;
  try {
    let result: unknown;
    try {
      result = fn();
      if (isThenable(result)) await result;
    } catch (error) {
      throw new IterationError(matcher, 1, 'measurement', error);
    }
    endHeap = v8.getHeapStatistics().used_heap_size;
    endExternal = readExternal();
  } finally {
    if (addon) {
      const counters = addon.counters() as ReturnType<typeof addon.counters> & { customPeak?: number };
      nativePeak = counters.peak + (counters.customPeak ?? 0);
      addon.stop();
    }
    profile = profiler.stop();
  }
  const rssHighWater = rssPeakAvailable ? readRssPeak() : undefined;
  const endRss = readRss();

  let peakHeap = endHeap;
  let peakExternal = endExternal;
  const gcs = profile?.statistics ?? [];
  for (const entry of gcs) {
    const before = entry.beforeGC.heapStatistics;
    if (before.usedHeapSize > peakHeap) peakHeap = before.usedHeapSize;
    if (before.externalMemory > peakExternal) peakExternal = before.externalMemory;
  }
  const heap = Math.max(0, peakHeap - baselineHeap);
  const external = Math.max(0, peakExternal - baselineExternal);
  let rss: number;
  let rssSource: string;
  if (rssHighWater !== undefined) {
    rss = Math.max(0, rssHighWater - baselineRss);
    rssSource = 'VmHWM after reset';
  } else {
    rss = Math.max(0, endRss - baselineRss);
    rssSource = 'RSS at end of run (VmHWM reset not allowed here: peak may be missed)';
    if (limits.limits.rss !== undefined) notes.push('rss peak could not be reset on this system; the rss figure is the growth at the end of the run');
  }
  const gcSource = `GCProfiler (${gcs.length} GC${gcs.length === 1 ? '' : 's'} during run) + end of run`;
  const peaks: Record<PeakMetric, { value: number; source: string }> = {
    heap: { value: heap, source: gcSource },
    external: { value: external, source: gcSource },
    native: {
      value: nativePeak ?? 0,
      source: addon ? 'native tracker: peak of blocks allocated during the run and live together' : `unavailable: ${tracker.ok ? '' : tracker.reason}`,
    },
    rss: { value: rss, source: rssSource },
    total: { value: heap + external, source: 'heap peak + external peak' },
  };

  const results: PeakMetricResult[] = [];
  for (const metric of ['heap', 'external', 'native', 'rss', 'total'] as const) {
    if (metric === 'native' && !addon) continue;
    const limit = limits.limits[metric];
    const { value, source } = peaks[metric];
    results.push({ metric, peak: value, limit, exceeded: limit !== undefined && value > limit, source });
  }
  fullGc();
  return {
    pass: results.every((result) => !result.exceeded),
    results,
    baseline: { heap: baselineHeap, external: baselineExternal, rss: baselineRss },
    durationMs: performance.now() - started,
    fullGcs: fullGcCountSoFar() - gcAtStart,
    unitFamily: limits.unitFamily,
    notes,
    jsAllocated: grownBetweenGcs(baselineHeap, endHeap, gcs, (stats) => stats.usedHeapSize),
  };
}
