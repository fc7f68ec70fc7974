import { describe, expect, test } from 'vitest';
import { nativePerCall } from '../src/allocation/native-per-call.js';

/** Rounds given as allocations per call; 1 KiB each. */
const rounds = (...perCall: number[]): Array<{ perCall: number; bytesPerCall: number }> => perCall.map((value) => ({ perCall: value, bytesPerCall: value * 1024 }));

describe('nativePerCall', () => {
  test('an engine allocation in most empty rounds is not subtracted from a round of fn that had none', () => {
    // CI, loaded, Jest: 2 engine allocations per 100 calls in most empty rounds; fn allocates 4 per call.
    // The old rule (the higher of the two sides' lowest repeated rounds) subtracted them: "3.98".
    const result = nativePerCall(rounds(4.02, 4, 4.02), rounds(0.02, 0.02, 0, 0.02, 0.02, 0.02), { count: 4 });
    expect(result.countPerCall).toBe(4);
    expect(result.bytesPerCall).toBe(4 * 1024);
    expect(result.baselineCountPerCall).toBe(0);
    expect(result.countExceeded).toBe(false);
    expect(result.unconfirmed).toBe(false);
  });

  test('every round of fn noisy, one empty round clean: over the limit by the noise only, so unconfirmed', () => {
    const noisy = nativePerCall(rounds(4.02, 4.02, 4.02), rounds(0.02, 0.02, 0, 0.02, 0.02, 0.02), { count: 4, bytes: 4 * 1024 });
    expect(noisy.countExceeded).toBe(true);
    expect(noisy.unconfirmed).toBe(true);
    // A clean round of fn among the confirmation rounds settles it.
    const confirmed = nativePerCall(rounds(4.02, 4.02, 4.02, 4.02, 4), rounds(0.02, 0.02, 0, 0.02, 0.02, 0.02), { count: 4, bytes: 4 * 1024 });
    expect(confirmed.countExceeded).toBe(false);
    expect(confirmed.bytesExceeded).toBe(false);
    expect(confirmed.unconfirmed).toBe(false);
  });

  test('a real excess is larger than the rounds varied: 5 per call is over { count: 4 } at once', () => {
    const result = nativePerCall(rounds(5.02, 5, 5.02), rounds(0.02, 0, 0.02, 0, 0, 0), { count: 4, bytes: 4 * 1024 });
    expect(result.countPerCall).toBe(5);
    expect(result.countExceeded).toBe(true);
    expect(result.bytesExceeded).toBe(true);
    expect(result.unconfirmed).toBe(false);
  });

  test('quiet rounds: one allocation more per round than the limit allows is over it, confirmed', () => {
    const result = nativePerCall(rounds(3.01, 3.01, 3.01), rounds(0, 0, 0, 0, 0, 0), { count: 3 });
    expect(result.countExceeded).toBe(true);
    expect(result.unconfirmed).toBe(false);
    expect(result.bytesExceeded).toBe(false);
  });

  test('a cost the loop has in every round is subtracted', () => {
    const result = nativePerCall(rounds(3.5, 3.04, 3.03), rounds(0.03, 0.04, 0.03, 0.05), { count: 3 });
    expect(result.countPerCall).toBeCloseTo(3, 10);
    expect(result.best.perCall).toBe(3.03);
    expect(result.countExceeded).toBe(false);
  });

  test('never below zero', () => {
    expect(nativePerCall(rounds(0, 0.01), rounds(0.02, 0.03)).countPerCall).toBe(0);
  });
});
