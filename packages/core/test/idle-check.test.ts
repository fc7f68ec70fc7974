import { describe, expect, test } from 'vitest';
import { IDLE_STALL_SAMPLES, idleCheck } from '../src/idle-check.js';

/** A metric reading that returns the given values one after another (the last one repeats). */
function readings(values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

describe('idleCheck', () => {
  test('a backlog that drains while idle is released once more than half came back', async () => {
    const [evidence] = await idleCheck([{ grown: 64_000, before: 1_064_000, calls: 900, threshold: 16, read: readings([1_040_000, 1_020_000, 1_002_000]) }]);
    // 24 kB of 64 kB back: not yet; 44 kB back: released.
    expect(evidence?.released).toBe(true);
    expect(evidence?.idleSamples).toBe(2);
    expect(evidence?.after).toBe(1_020_000);
    expect(evidence?.keptPerCall).toBeCloseTo(20_000 / 900, 6);
  });

  test('released although the engine drifted meanwhile (Node 24: a drained 122 kB queue left ~30 kB)', async () => {
    const [evidence] = await idleCheck([{ grown: 122_000, before: 1_122_000, calls: 950, threshold: 16, read: readings([1_030_000]) }]);
    expect(evidence?.released).toBe(true);
    expect(evidence?.idleSamples).toBe(1);
  });

  test('memory kept while idle is not released, and the wait stops after the stall samples', async () => {
    const [evidence] = await idleCheck([{ grown: 30_000, before: 1_030_000, calls: 950, threshold: 16, read: readings([1_030_000]) }]);
    expect(evidence?.released).toBe(false);
    expect(evidence?.idleSamples).toBe(IDLE_STALL_SAMPLES);
    expect(evidence?.keptPerCall).toBeCloseTo(30_000 / 950, 6);
  });

  test('a leak next to a backlog that drained before the end keeps its growth (base samples would hide it)', async () => {
    // Phases grew 80 kB (the leak); a 90 kB backlog queued before phase 2 drained during it: the last sample is below
    // the phase-2 base, yet nothing comes back while idle.
    const [evidence] = await idleCheck([{ grown: 80_000, before: 990_000, calls: 990, threshold: 16, read: readings([990_500, 989_800]) }]);
    expect(evidence?.released).toBe(false);
  });

  test('a slow release keeps the wait going while it makes progress', async () => {
    const values = [1_060_000, 1_059_900, 1_059_800, 1_059_700, 1_030_000];
    const [evidence] = await idleCheck([{ grown: 64_000, before: 1_064_000, calls: 950, threshold: 16, read: readings(values) }]);
    // -4 kB (over 5% of the growth: progress), three small steps (stalls), then more than half comes back before a 4th stall.
    expect(evidence?.released).toBe(true);
    expect(evidence?.idleSamples).toBe(values.length);
  });

  test('every subject must be released for the wait to end early', async () => {
    const evidence = await idleCheck([
      { grown: 50_000, before: 50_000, calls: 1000, threshold: 16, read: readings([0]) },
      { grown: 50_000, before: 50_000, calls: 1000, threshold: 16, read: readings([50_000]) },
    ]);
    expect(evidence.map((e) => e.released)).toEqual([true, false]);
    // The first idle sample released subject 1 (progress); then the stall samples of subject 2.
    expect(evidence[0]?.idleSamples).toBe(1 + IDLE_STALL_SAMPLES);
  });
});
