// Compile-time checks of the Jest typings; compiled once against Jest 29 and once against Jest 30
// (tsconfig.jest29.json / tsconfig.jest30.json map 'expect', '@jest/globals' and @types/jest to that version).
import '@leakproof/jest';
import { expect as globalsExpect } from '@jest/globals';
import { expectTypeOf } from 'expect-type';

const cycle = () => {};

// `import { expect } from '@jest/globals'` (the 'expect' package's Matchers)
expectTypeOf(globalsExpect(cycle).toNotLeak()).toEqualTypeOf<Promise<void>>();
expectTypeOf(globalsExpect(cycle).toNotLeak({ iterations: 40, metrics: ['heap', 'native'] })).toEqualTypeOf<Promise<void>>();
expectTypeOf(globalsExpect(cycle).not.toStayUnder({ native: '1 MB' })).toEqualTypeOf<Promise<void>>();

// the global `expect` of @types/jest (jest.Matchers)
expectTypeOf(expect(cycle).toNotLeak()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toStayUnder('20 MB')).toEqualTypeOf<Promise<void>>();

// @ts-expect-error 'rss' is not a leak metric
void globalsExpect(cycle).toNotLeak({ metrics: ['rss'] });
// @ts-expect-error a limit is a byte size or per-metric object
void expect(cycle).toStayUnder(true);

// memory budgets
import { configureBudgets } from '@leakproof/jest';
expectTypeOf(globalsExpect(cycle).toStayUnder()).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toStayUnder({ budget: true })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toNotLeak({ budget: { tolerance: '5%' } })).toEqualTypeOf<Promise<void>>();
configureBudgets({ tolerance: 0.15 });
// memory monitor and allocation matchers, both expect typings
import { leakproof, monitor, MemoryMonitor } from '@leakproof/jest';
const watch = monitor({ interval: 50, critical: '500 MB' });
expectTypeOf(leakproof.monitor()).toEqualTypeOf<MemoryMonitor>();
expectTypeOf(globalsExpect(watch).toPlateau({ warmup: 1000 })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(watch).toPlateau()).toEqualTypeOf<Promise<void>>();
expectTypeOf(globalsExpect(cycle).toAllocateAtMost({ count: 2, js: '1 KiB' })).toEqualTypeOf<Promise<void>>();
expectTypeOf(expect(cycle).toAllocateAtMost({ bytes: 4096 })).toEqualTypeOf<Promise<void>>();
// @ts-expect-error unknown limit
void globalsExpect(cycle).toAllocateAtMost({ cout: 2 });
// @ts-expect-error threads is 'current' or 'all'
void expect(cycle).toAllocateAtMost({ count: 1, threads: 'main' });
