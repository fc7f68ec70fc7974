import { describe, expect, test } from 'vitest';
import { nativePerCall } from '../src/allocation/measure-allocations.js';

const rounds = (...perCall: number[]): Array<{ perCall: number; bytesPerCall: number }> => perCall.map((value) => ({ perCall: value, bytesPerCall: value * 1024 }));

describe('nativePerCall', () => {
  test('an engine allocation in most empty rounds is not subtracted from a round of fn that had none', () => {
    // CI, loaded, Jest: the empty loop's rounds had 2, 2 and 0 engine allocations per 100 calls; fn allocates 4 per call.
    const result = nativePerCall(rounds(4.02, 4, 4.02), rounds(0.02, 0.02, 0, 0.02, 0.02, 0.02));
    expect(result.countPerCall).toBe(4);
    expect(result.bytesPerCall).toBe(4 * 1024);
    expect(result.empty.perCall).toBe(0);
  });

  test('a cost the loop always has is subtracted, and the lowest round of fn counts', () => {
    const result = nativePerCall(rounds(3.5, 3.04, 3.03), rounds(0.03, 0.04, 0.03, 0.05));
    expect(result.countPerCall).toBeCloseTo(3, 10);
    expect(result.best.perCall).toBe(3.03);
  });

  test('never below zero', () => {
    expect(nativePerCall(rounds(0, 0.01), rounds(0.02, 0.03)).countPerCall).toBe(0);
  });
});
