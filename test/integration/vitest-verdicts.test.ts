import { beforeAll, describe, expect, test } from 'vitest';
import { availableRuntimes, expectPassed, failureOf, getTest, runVitestFixtures, type FixtureRun } from './run-vitest.js';

describe.each(availableRuntimes())('$name', (runtime) => {
  let run: FixtureRun;

  beforeAll(() => {
    run = runVitestFixtures(['js-leaks.fixture.ts', 'js-clean.fixture.ts', 'js-peak.fixture.ts', 'misuse.fixture.ts'], runtime);
  });

  /** Reads "<metric> grows <n> <unit> per iteration" from a message, in bytes. */
  function growthOf(message: string, metric: string): number {
    const match = new RegExp(`${metric} grows ([\\d.]+) (B|kB|MB) per iteration`).exec(message);
    if (!match) throw new Error(`no '${metric} grows ... per iteration' in:\n${message}`);
    const factor = { B: 1, kB: 1e3, MB: 1e6 }[match[2] as 'B' | 'kB' | 'MB'];
    return Number(match[1]) * factor;
  }

  describe('toNotLeak catches leaks with evidence', () => {
    test('global array push of one small object per call (~32-40 B)', () => {
      const message = failureOf(run, 'leaks global array push of a small object');
      expect(message).toContain('expect(fn).toNotLeak()');
      expect(message).toMatch(/^ {2}heap {5}LEAK/m);
      expect(message).toMatch(/^ {2}external ok/m);
      const perIteration = growthOf(message, 'heap');
      expect(perIteration).toBeGreaterThanOrEqual(24);
      expect(perIteration).toBeLessThan(80);
      expect(message).toMatch(/no plateau: memory was not flat in any of \d+ phases over [\d,]+ measured iterations/);
      expect(message).toMatch(/series [▁▂▃▄▅▆▇█]{10,}/);
      expect(message).toContain('phase  samples x calls  slope/it');
      expect(message).toMatch(/cost: \d+ full GCs, [\d,]+ calls of fn \(10 warm-up\)/);
    });

    test('closure retained by an EventEmitter listener', () => {
      const message = failureOf(run, 'leaks closure kept in an EventEmitter listener');
      expect(growthOf(message, 'heap')).toBeGreaterThan(100);
    });

    test('Map keyed by a unique id', () => {
      const message = failureOf(run, 'leaks Map keyed by unique id');
      expect(growthOf(message, 'heap')).toBeGreaterThan(32);
    });

    test('async fn leaking after an await', () => {
      const message = failureOf(run, 'leaks async fn leaking after await');
      expect(growthOf(message, 'heap')).toBeGreaterThan(24);
    });

    test('a leak on every 3rd call only', () => {
      const message = failureOf(run, 'leaks leak on every 3rd call only');
      expect(growthOf(message, 'heap')).toBeGreaterThan(16);
    });

    test('1 KiB ArrayBuffer per call shows on external at exactly 1 KiB', () => {
      const message = failureOf(run, 'leaks 1 KiB ArrayBuffer per call');
      expect(message).toContain('external grows 1.02 kB per iteration');
      expect(message).toMatch(/^ {2}external LEAK {2}\+1\.02 kB per iteration \(slope\), \+1\.02 kB mean/m);
    });
  });

  describe('toNotLeak passes clean code that fools naive detectors', () => {
    test.each([
      'clean garbage only',
      'clean bounded LRU cache filling',
      'clean lazy one-time init',
      'clean Buffer pool slab growth',
      'clean async work that settles',
      'clean console output captured by the runner',
      'clean WeakMap cache keyed by short-lived objects',
      'clean FinalizationRegistry-delayed cleanup',
      'clean Map add/delete churn (rehash steps)',
    ])('%s', (name) => {
      expectPassed(run, name);
      const summary = getTest(run, name).meta?.leakproof?.[0];
      expect(summary?.matcher).toBe('toNotLeak');
      expect(summary?.pass).toBe(true);
      // warm-up 10 + 30 samples; JIT steps or a filling cache cost 16-sample confirmation phases, and a native total
      // that moved costs the 2-GC per-site check.
      expect(summary?.fullGcs).toBeGreaterThanOrEqual(40);
      expect(summary?.fullGcs).toBeLessThanOrEqual(40 + 7 * 16 + 4);
    });

    test('memory released once the calls stop (a debounced flush) is not a leak', () => {
      expectPassed(run, 'clean debounced batch flush (released when idle)');
      // Back-to-back steps never leave the 150 ms debounce idle; the idle check before failing lets it flush.
      // (Under heavy load a slow GC can fire the flush mid-measurement: then a flat phase clears it.)
      expect(getTest(run, 'clean debounced batch flush (released when idle)').meta?.leakproof?.[0]?.detail).toMatch(
        /then gave back [\d.]+ kB after \d+ ms idle|early growth stopped|occasional steps/,
      );
    });

    test('a bounded cache is cleared by confirmation, not by luck: it needed extra phases', () => {
      expect(getTest(run, 'clean bounded LRU cache filling').meta?.leakproof?.[0]?.fullGcs).toBeGreaterThan(40);
    });
  });

  describe('toStayUnder', () => {
    test('passes a transient allocation under the limit', () => {
      expectPassed(run, 'toStayUnder transient 1 MB stays under 20 MB');
    });

    test('fails on a 30 MB peak with the breakdown per metric', () => {
      const message = failureOf(run, 'toStayUnder 30 MB of live objects exceeds 20 MB');
      expect(message).toContain('expect(fn).toStayUnder(limit)');
      expect(message).toContain('Expected: peak above baseline to stay under total 20 MB');
      expect(message).toMatch(/Received: total (2\d|3\d|4\d)(\.\d+)? MB/);
      expect(message).toMatch(/total {4}peak +[\d.]+ MB > limit 20 MB/);
      expect(message).toMatch(/heap {5}peak +[\d.]+ MB {4}no limit {3}\(GCProfiler \(\d+ GCs? during run\) \+ end of run\)/);
    });

    test('external limit in IEC units is reported in IEC units', () => {
      const message = failureOf(run, 'toStayUnder 64 MiB buffer exceeds the external limit');
      expect(message).toContain('Expected: peak above baseline to stay under external 16 MiB');
      expect(message).toMatch(/external peak +6[34](\.\d+)? MiB > limit 16 MiB/);
    });

    test('.not.toStayUnder passes when the run really goes above the limit', () => {
      expectPassed(run, 'toStayUnder .not: a cache that must really be populated');
    });
  });

  describe('misuse', () => {
    test.each([
      'misuse gives clear errors unknown option',
      'misuse gives clear errors bad unit',
      'misuse gives clear errors negative or zero iterations',
      'misuse gives clear errors non-function received',
      'misuse gives clear errors fn throwing on iteration k reports k and the original error',
      'misuse gives clear errors .not.toNotLeak is a double negative',
      'misuse gives clear errors unknown metric',
      'misuse gives clear errors bad timeout',
      'concurrent tests measurement inside test.concurrent is refused',
      'overlapping measurements are refused',
      'a cache still filling when the time budget ends is inconclusive, never a leak',
    ])('%s', (name) => expectPassed(run, name));
  });
});
