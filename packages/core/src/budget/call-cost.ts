import v8 from 'node:v8';
import { IterationError } from '../errors.js';
import { fullGc, nextMacrotask } from '../gc.js';
import { isThenable, type CycleFn } from '../harness.js';
import { nativeTracker } from '../native.js';
import { BUDGET_CALLS, BUDGET_PASSES, round, type BudgetMetric } from './metrics.js';

type GcStatistics = ReturnType<v8.GCProfiler['stop']>;

/**
 * What one warm call of fn allocates, averaged over `calls` calls run back to back after a full GC (the smallest
 * of `passes` such passes):
 * - jsAllocatedPerCall: growth of V8's used heap summed between the GCs that happen meanwhile (GCProfiler
 *   before/after sizes), i.e. bytes of JS objects allocated, whether they survive or not;
 * - nativeAllocatedPerCall / nativeBlocksPerCall: malloc/new bytes and calls recorded by the native tracker on
 *   this thread only, ArrayBuffer and Buffer backing stores included (V8's own external-memory counter is updated
 *   lazily and showed no growth over 64 calls allocating 4 KiB ArrayBuffers, so it is not a budget metric here) (other threads, V8's GC and compiler helpers, would make the count noisy; so work done on
 *   the libuv threadpool is not counted).
 */
export async function measureCallCost(fn: CycleFn, matcher: string, calls = BUDGET_CALLS, passes = BUDGET_PASSES): Promise<Partial<Record<BudgetMetric, number>>> {
  const results: Array<Partial<Record<BudgetMetric, number>>> = [];
  for (let pass = 0; pass < passes; pass++) results.push(await measurePass(fn, matcher, calls));
  return smallestPerMetric(results);
}

/**
 * Smallest figure of each metric over several passes: the runtime's own one-off allocations (a tier-up of the
 * measuring loop, an inline-cache transition, a runner message) only ever add to a pass, so the smallest pass is
 * the closest to what fn itself allocates, and the most repeatable.
 */
export function smallestPerMetric(results: ReadonlyArray<Partial<Record<BudgetMetric, number>>>): Partial<Record<BudgetMetric, number>> {
  const smallest: Partial<Record<BudgetMetric, number>> = {};
  for (const result of results) {
    for (const [metric, value] of Object.entries(result) as Array<[BudgetMetric, number]>) {
      const known = smallest[metric];
      if (known === undefined || value < known) smallest[metric] = value;
    }
  }
  return smallest;
}

async function measurePass(fn: CycleFn, matcher: string, calls: number): Promise<Partial<Record<BudgetMetric, number>>> {
  await nextMacrotask();
  fullGc();
  const tracker = nativeTracker();
  const addon = tracker.ok ? tracker.addon : undefined;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const heapStart = v8.getHeapStatistics().used_heap_size;
  addon?.start({ stacks: 'cheap', threads: 'current' });
  let heapEnd = 0;
  let native: { totalAllocated: number; allocations: number } | undefined;
  let statistics: GcStatistics | undefined;
  try {
    for (let call = 1; call <= calls; call++) {
      try {
        const result = fn();
        if (isThenable(result)) await result;
      } catch (error) {
        throw new IterationError(matcher, call, 'measurement', error);
      }
    }
    if (addon) {
      const counters = addon.counters();
      native = { totalAllocated: counters.totalAllocated, allocations: counters.allocations };
    }
    heapEnd = v8.getHeapStatistics().used_heap_size;
  } finally {
    if (addon?.isRecording()) addon.stop();
    statistics = profiler.stop();
  }
  const gcs = statistics?.statistics ?? [];
  const cost: Partial<Record<BudgetMetric, number>> = {
    jsAllocatedPerCall: round(grownBetweenGcs(heapStart, heapEnd, gcs, (stats) => stats.usedHeapSize) / calls),
  };
  if (native) {
    cost.nativeAllocatedPerCall = round(native.totalAllocated / calls);
    cost.nativeBlocksPerCall = round(native.allocations / calls);
  }
  return cost;
}

type HeapStatisticsOfGc = GcStatistics['statistics'][number]['beforeGC']['heapStatistics'];

/** Sum of the growth between consecutive GCs: what was allocated, whether or not a GC freed it later. */
export function grownBetweenGcs(
  start: number,
  end: number,
  gcs: GcStatistics['statistics'],
  read: (stats: HeapStatisticsOfGc) => number,
): number {
  let grown = 0;
  let previous = start;
  for (const gc of gcs) {
    grown += Math.max(0, read(gc.beforeGC.heapStatistics) - previous);
    previous = read(gc.afterGC.heapStatistics);
  }
  return grown + Math.max(0, end - previous);
}
