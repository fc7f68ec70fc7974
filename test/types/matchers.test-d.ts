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
