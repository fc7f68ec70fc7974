import { describe, expect, test } from 'vitest';
import { IDLE_STALL_SAMPLES, idleCheck } from '../src/idle-check.js';

/** A metric reading that returns the given values one after another (the last one repeats). */
function readings(values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

describe('idleCheck', () => {
  test('more than half given back counts as released even when the engine drifted meanwhile', async () => {
    // Node 24 measured: a drained queue of 122 kB left 27-32 kB (no fn at all drifts +14-21 kB over the same steps).
    const [evidence] = await idleCheck([{ base: 1_000_000, before: 1_122_000, calls: 950, threshold: 16, read: readings([1_030_000]) }]);
    expect(evidence?.released).toBe(true);
    expect(evidence?.idleSamples).toBe(1);
  });

  test('a leak that gives back less than half is kept', async () => {
    const [evidence] = await idleCheck([{ base: 1_000_000, before: 1_100_000, calls: 950, threshold: 16, read: readings([1_060_000]) }]);
    expect(evidence?.released).toBe(false);
  });

  test('a backlog that drains while idle is released', async () => {
    const [evidence] = await idleCheck([{ base: 1_000_000, before: 1_064_000, calls: 900, threshold: 16, read: readings([1_040_000, 1_020_000, 1_002_000]) }]);
    // 24 kB of 64 kB back: not yet; 44 kB back: more than half, released.
    expect(evidence?.released).toBe(true);
    expect(evidence?.idleSamples).toBe(2);
    expect(evidence?.after).toBe(1_020_000);
    expect(evidence?.keptPerCall).toBeCloseTo(20_000 / 900, 6);
  });

  test('memory kept while idle is not released, and the wait stops after the stall samples', async () => {
    const [evidence] = await idleCheck([{ base: 1_000_000, before: 1_030_000, calls: 950, threshold: 16, read: readings([1_030_000]) }]);
    expect(evidence?.released).toBe(false);
    expect(evidence?.idleSamples).toBe(IDLE_STALL_SAMPLES);
    expect(evidence?.keptPerCall).toBeCloseTo(30_000 / 950, 6);
  });

  test('a slow release keeps the wait going while it makes progress', async () => {
    const values = [1_060_000, 1_059_900, 1_059_800, 1_059_700, 1_030_000];
    const [evidence] = await idleCheck([{ base: 1_000_000, before: 1_064_000, calls: 950, threshold: 16, read: readings(values) }]);
    // -4 kB (over 5% of what is held: progress), three small steps (stalls), then more than half comes back before a 4th stall.
    expect(evidence?.released).toBe(true);
    expect(evidence?.idleSamples).toBe(values.length);
  });

  test('every subject must be released for the wait to end early', async () => {
    const evidence = await idleCheck([
      { base: 0, before: 50_000, calls: 1000, threshold: 16, read: readings([0]) },
      { base: 0, before: 50_000, calls: 1000, threshold: 16, read: readings([50_000]) },
    ]);
    expect(evidence.map((e) => e.released)).toEqual([true, false]);
    // The first idle sample released subject 1 (progress); then the stall samples of subject 2.
    expect(evidence[0]?.idleSamples).toBe(1 + IDLE_STALL_SAMPLES);
  });
});
