import { describe, expect, test } from 'vitest';
import { judgeSeries } from '../src/index.js';
import { afterGcAllowance, HEAP_AFTER_GC_FLOOR } from '../src/monitor/plateau.js';

const MB = 1e6;
/** n samples every 50 ms */
const times = (n: number) => Array.from({ length: n }, (_, i) => i * 50);
/** A sawtooth: garbage grows `rise` per sample, dropping back to the floor every `period` samples. */
const sawtooth = (n: number, floor: (i: number) => number, rise: number, period: number) =>
  Array.from({ length: n }, (_, i) => floor(i) + (i % period) * rise);

describe('judgeSeries (toPlateau floors)', () => {
  test('a flat floor under a garbage sawtooth is flat, not growth', () => {
    const series = sawtooth(80, () => 20 * MB, 0.5 * MB, 7);
    const result = judgeSeries('heap', times(80), series, 1000, 50_000);
    expect(result.outcome).toBe('flat');
    expect(result.pass).toBe(true);
    expect(result.floors).toHaveLength(16);
  });

  test('a floor rising 2 MB/s under the sawtooth is sustained growth', () => {
    // 0.1 MB per 50 ms sample = 2 MB/s
    const series = sawtooth(80, (i) => 20 * MB + i * 0.1 * MB, 0.5 * MB, 7);
    const result = judgeSeries('heap', times(80), series, 1000, 50_000);
    expect(result.outcome).toBe('growing');
    expect(result.pass).toBe(false);
    expect(result.slopePerSecond).toBeGreaterThan(1.5 * MB);
    expect(result.slopePerSecond).toBeLessThan(2.5 * MB);
    expect(result.risingShare).toBeGreaterThanOrEqual(0.6);
  });

  test('one step up (a cache filling once) is steps, a pass', () => {
    const series = Array.from({ length: 80 }, (_, i) => (i < 50 ? 20 * MB : 24 * MB));
    const result = judgeSeries('heap', times(80), series, 1000, 50_000);
    expect(result.outcome).toBe('steps');
    expect(result.pass).toBe(true);
    expect(result.reason).toMatch(/the floors rose in 1 of 15 buckets only/);
  });

  test('growth during warm-up only is not judged', () => {
    const series = Array.from({ length: 80 }, (_, i) => 20 * MB + Math.min(i, 20) * MB);
    const result = judgeSeries('heap', times(80), series, 1000, 50_000);
    expect(result.outcome).toBe('flat');
    expect(result.windowStartMs).toBe(1000);
  });

  test('gaps (NaN: another measurement owned the native window) are skipped', () => {
    const series = Array.from({ length: 80 }, (_, i) => (i % 10 === 3 ? Number.NaN : 1 * MB));
    const result = judgeSeries('native', times(80), series, 1000, 50_000);
    expect(result.outcome).toBe('flat');
    expect(result.samples).toBe(54);
  });

  test('fewer than 8 samples after warm-up is inconclusive, a failure', () => {
    const result = judgeSeries('heap', times(10), Array(10).fill(MB), 200, 50_000);
    expect(result.outcome).toBe('inconclusive');
    expect(result.pass).toBe(false);
    expect(result.reason).toMatch(/^only 6 samples after the warm-up of 0.20 s; at least 8 are needed/);
  });

  test('after-GC allowance: the rate over the window, and for the heap at least the code/feedback floor', () => {
    expect(afterGcAllowance('heap', 1100, 50_000)).toBe(HEAP_AFTER_GC_FLOOR);
    expect(afterGcAllowance('heap', 60_000, 50_000)).toBe(3_000_000);
    expect(afterGcAllowance('native', 1100, 50_000)).toBeCloseTo(55_000, 6);
  });
});
