import { describe, expect, test } from 'vitest';
import { lowestRepeated } from '../src/allocation/stable-rounds.js';

const rounds = (...values: Array<number | [number, false]>) =>
  values.map((value) => (Array.isArray(value) ? { perCall: value[0], candidate: false } : { perCall: value, candidate: true }));

describe('lowestRepeated (toAllocateAtMost rounds)', () => {
  test('the lowest value another round repeats: one-off extra costs are skipped', () => {
    expect(lowestRepeated(rounds(2058, 48, 48.4, 60), 1)).toBe(1);
  });
  test('a lone low round (sweeper lowered the used heap mid-round) is not taken', () => {
    expect(lowestRepeated(rounds(-5100, 10.7, 10.7), 1)).toBe(1);
  });
  test('rounds with a GC are not candidates; no repeat yet is -1', () => {
    expect(lowestRepeated(rounds([10, false], 10, 30), 1)).toBe(-1);
    expect(lowestRepeated(rounds(3, 3.01), 1 / 100)).toBe(0);
    expect(lowestRepeated(rounds(3, 3.02), 1 / 100)).toBe(-1);
  });
});
