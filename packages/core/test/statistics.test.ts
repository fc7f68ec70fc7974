import { describe, expect, test } from 'vitest';
import { describePhase, largestStep, positiveDeltaShare, robustGrowthPerSample, sparkline, sparklineOverX, theilSenSlope } from '../src/index.js';

const series = (values: number[]) => Float64Array.from(values);
const ramp = (n: number, slope: number, base = 8e6) => Array.from({ length: n }, (_, i) => base + i * slope);

describe('theilSenSlope', () => {
  test('exact on a steady leak', () => {
    expect(theilSenSlope(series(ramp(30, 32)), 0, 30)).toBe(32);
  });

  test('ignores one step in a flat series (JIT, lazy init)', () => {
    const values = ramp(30, 0);
    for (let i = 12; i < 30; i++) values[i] = (values[i] as number) + 2912;
    expect(theilSenSlope(series(values), 0, 30)).toBe(0);
  });

  test('ignores transient spikes that revert', () => {
    const values = ramp(30, 0);
    values[5] = (values[5] as number) + 3672;
    values[20] = (values[20] as number) + 253_712;
    expect(theilSenSlope(series(values), 0, 30)).toBe(0);
    expect(robustGrowthPerSample(series(values), 0, 30)).toBe(0);
  });

  test('sees a leak every 5th call', () => {
    const values = Array.from({ length: 40 }, (_, i) => 8e6 + Math.floor(i / 5) * 1024);
    expect(theilSenSlope(series(values), 0, 40)).toBeGreaterThan(150);
  });

  test('works on a window of a larger buffer', () => {
    const values = [...ramp(10, 0), ...ramp(16, 64)];
    expect(theilSenSlope(series(values), 10, 16)).toBe(64);
  });
});

describe('robustGrowthPerSample', () => {
  test('is not fooled by a spike on the last sample', () => {
    const values = ramp(30, 0);
    values[29] = (values[29] as number) + 5000;
    expect(robustGrowthPerSample(series(values), 0, 30)).toBe(0);
  });

  test('measures a ramp exactly', () => {
    expect(robustGrowthPerSample(series(ramp(16, 48)), 0, 16)).toBe(48);
  });
});

describe('deltas', () => {
  test('positive share and largest step', () => {
    const values = series([0, 10, 10, 30, 20]);
    expect(positiveDeltaShare(values, 0, 5)).toBe(0.5);
    expect(largestStep(values, 0, 5)).toBe(20);
  });
});

describe('describePhase', () => {
  test('growing, flat and unsteady', () => {
    expect(describePhase(series(ramp(30, 32)), { start: 0, samples: 30, batch: 1 }, 16).state).toBe('growing');
    expect(describePhase(series(ramp(16, 128)), { start: 0, samples: 16, batch: 4 }, 16)).toMatchObject({
      state: 'growing',
      slopePerCall: 32,
      netPerCall: 32,
      calls: 60,
    });
    expect(describePhase(series(ramp(16, 0)), { start: 0, samples: 16, batch: 2 }, 16).state).toBe('flat');
    const stepped = ramp(30, 0).map((v, i) => (i >= 10 ? v + 5000 : v));
    expect(describePhase(series(stepped), { start: 0, samples: 30, batch: 1 }, 16).state).toBe('unsteady');
  });

  test('threshold is per call: 64 B per sample of 4 calls is 16 B per call, not above 16 B', () => {
    expect(describePhase(series(ramp(16, 64)), { start: 0, samples: 16, batch: 4 }, 16).state).toBe('flat');
  });
});

describe('sparkline', () => {
  test('ramps up and stays within width', () => {
    const line = sparkline(ramp(100, 1));
    expect(line).toHaveLength(48);
    expect(line[0]).toBe('▁');
    expect(line.at(-1)).toBe('█');
  });

  test('flat series is a flat line', () => {
    expect(sparkline([5, 5, 5])).toBe('▁▁▁');
  });

  test('over uneven x, a steady leak reads as a straight ramp', () => {
    const xs = [0, 1, 2, 3, 5, 7, 9, 13, 17, 25, 33];
    const line = sparklineOverX(xs, xs.map((x) => x * 32), 11);
    const levels = [...line].map((bar) => '▁▂▃▄▅▆▇█'.indexOf(bar));
    expect(levels[0]).toBe(0);
    expect(levels.at(-1)).toBe(7);
    expect(levels.every((level, i) => i === 0 || level >= (levels[i - 1] as number))).toBe(true);
    // plotted against samples instead of calls, the same data would bend upwards: half the columns at the bottom
    expect(levels.filter((level) => level <= 1).length).toBeLessThanOrEqual(3);
  });
});
