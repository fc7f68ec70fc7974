// Compile-time checks of the matcher typings; compiled once against Vitest 4 and once against Vitest 5.
import '@leakproof/vitest';
import { expect, expectTypeOf } from 'vitest';
import type { LeakOptions, PeakLimit } from '@leakproof/vitest';

const cycle = () => {};

expectTypeOf(expect(cycle).toNotLeak()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toNotLeak({ iterations: 40, threshold: { heap: '64 B', external: 1024 }, metrics: ['heap'] })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(async () => {}).toStayUnder('20 MB')).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).not.toStayUnder({ heap: '1 MiB', rss: 50e6 })).toEqualTypeOf<Promise<void>>();
expectTypeOf<LeakOptions['metrics']>().toEqualTypeOf<
  'heap' | 'external' | 'native' | 'handles' | readonly ('heap' | 'external' | 'native' | 'handles')[] | undefined
>();
expectTypeOf(expect(cycle).toNotLeak({ metrics: ['handles'], allowHandles: ['Timeout', /poller\.ts/] })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toStayUnder({ native: '4 MB' })).toEqualTypeOf<Promise<void>>();
expectTypeOf<PeakLimit>().toExtend<string | number | object>();

// @ts-expect-error 'rss' is not a leak metric
void expect(cycle).toNotLeak({ metrics: ['rss'] });
// @ts-expect-error allowHandles holds handle types or RegExps
void expect(cycle).toNotLeak({ allowHandles: [42] });
// @ts-expect-error iterations is a number
void expect(cycle).toNotLeak({ iterations: '10' });
// @ts-expect-error a limit is a byte size or per-metric object
void expect(cycle).toStayUnder(true);
// @ts-expect-error no such matcher
void expect(cycle).toNotLeakk();

// toBeCollected on a WeakRef or a track() probe
import { track } from '@leakproof/vitest';
expectTypeOf(expect(new WeakRef({})).toBeCollected()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(track({}, 'session')).not.toBeCollected()).toEqualTypeOf<Promise<void>>();

// memory budgets: toStayUnder() with no limit or { budget }, toNotLeak({ budget }), configureBudgets
import { configureBudgets } from '@leakproof/vitest';
expectTypeOf(expect(cycle).toStayUnder()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toStayUnder({ budget: { tolerance: '15%', metrics: ['jsAllocated', 'heapPeak'] } })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toNotLeak({ budget: true })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toNotLeak({ budget: { tolerance: 0.2, metrics: ['nativeBlocksPerCall'] } })).toEqualTypeOf<Promise<void>>();
configureBudgets({ tolerance: '15%' });
// @ts-expect-error heapPeak is a toStayUnder budget metric
void expect(cycle).toNotLeak({ budget: { metrics: ['heapPeak'] } });
// memory monitor and allocation matchers
import { leakproof, monitor, MemoryMonitor, type AllocationLimits, type MonitorOptions, type PlateauOptions } from '@leakproof/vitest';
const watch = leakproof.monitor({ interval: '50ms', warn: '200 MB', critical: { heap: '500 MB', rss: 1e9 } });
expectTypeOf(watch).toEqualTypeOf<MemoryMonitor>();
expectTypeOf(monitor).parameter(0).toEqualTypeOf<MonitorOptions | undefined>();
expectTypeOf(expect(watch).toPlateau()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(watch).toPlateau({ warmup: '2s', maxGrowthPerSecond: '10 kB', metrics: ['heap', 'native'] })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toAllocateAtMost({ count: 10, bytes: '4 KiB' })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).not.toAllocateAtMost({ js: '1 KiB', calls: 1000 })).toEqualTypeOf<Promise<void>>();
expectTypeOf<PlateauOptions['metrics']>().toEqualTypeOf<'heap' | 'external' | 'native' | 'rss' | readonly ('heap' | 'external' | 'native' | 'rss')[] | undefined>();
expectTypeOf<AllocationLimits['threads']>().toEqualTypeOf<'current' | 'all' | undefined>();
// @ts-expect-error count is a number
void expect(cycle).toAllocateAtMost({ count: '10' });
// @ts-expect-error limits are required
void expect(cycle).toAllocateAtMost();
// @ts-expect-error 'total' is a threshold, not a plateau series
void expect(watch).toPlateau({ metrics: ['total'] });
// @ts-expect-error interval is a duration
leakproof.monitor({ interval: true });
