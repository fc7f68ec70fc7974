import { describe, expect, test } from 'vitest';
import { lowestJsAllocatedRepeats } from '../src/budget/peak-budget.js';

// Runs of a 40,000-row table build (bytes), as one Node 20 process measured them under Jest 30 and plain Node.
describe('lowestJsAllocatedRepeats: a toStayUnder budget runs fn until its two lowest jsAllocated figures agree', () => {
  test('first runs with a GC inside read high: not repeated until two runs without one agree', () => {
    expect(lowestJsAllocatedRepeats([5.57e6, 5.86e6, 5.24e6])).toBe(false);
    expect(lowestJsAllocatedRepeats([5.57e6, 5.86e6, 5.24e6, 5.01e6])).toBe(false);
    expect(lowestJsAllocatedRepeats([5.57e6, 5.86e6, 5.24e6, 5.01e6, 5.02e6])).toBe(true);
  });

  test('two high runs that agree with each other do not count next to a lower run', () => {
    expect(lowestJsAllocatedRepeats([5_664_024, 5_649_928, 5_026_240])).toBe(false);
  });

  test('small figures agree within 64 KiB, large ones within 1%', () => {
    expect(lowestJsAllocatedRepeats([10_000, 70_000])).toBe(true);
    expect(lowestJsAllocatedRepeats([10_000, 80_000])).toBe(false);
    expect(lowestJsAllocatedRepeats([25.24e6, 25e6])).toBe(true);
    expect(lowestJsAllocatedRepeats([25e6, 25.3e6])).toBe(false);
  });

  test('fewer than two runs repeat nothing', () => {
    expect(lowestJsAllocatedRepeats([])).toBe(false);
    expect(lowestJsAllocatedRepeats([5e6])).toBe(false);
  });
});
