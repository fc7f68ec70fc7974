import { describe, expect, test } from 'vitest';
import { ALLOCATION_DEFAULTS, resolveAllocationLimits } from '../src/index.js';

const M = 'toAllocateAtMost';

describe('resolveAllocationLimits', () => {
  test('count / bytes / js per call, defaults for the rounds', () => {
    expect(resolveAllocationLimits({ count: 10, bytes: '4 KiB' }, M, undefined)).toEqual({
      count: 10,
      bytes: 4096,
      js: undefined,
      calls: ALLOCATION_DEFAULTS.calls,
      warmup: ALLOCATION_DEFAULTS.warmup,
      rounds: ALLOCATION_DEFAULTS.rounds,
      threads: 'current',
      unitFamily: 'iec',
    });
    expect(resolveAllocationLimits({ js: '1 kB', calls: 1000, warmup: 0, rounds: 1, threads: 'all' }, M, undefined)).toMatchObject({ js: 1000, calls: 1000, warmup: 0, rounds: 1, threads: 'all' });
  });

  test('native limits without the tracker are a usage error that says why; js alone is fine', () => {
    expect(() => resolveAllocationLimits({ count: 1 }, M, 'disabled by LEAKPROOF_NATIVE=0')).toThrow(
      "toAllocateAtMost: option 'count' counts native allocations, but the native tracker is unavailable: disabled by LEAKPROOF_NATIVE=0. Use { js } alone to bound JS heap allocation.",
    );
    expect(() => resolveAllocationLimits({ bytes: '1 kB' }, M, 'no prebuild')).toThrow("toAllocateAtMost: option 'bytes' counts native allocations");
    expect(resolveAllocationLimits({ js: 0 }, M, 'no prebuild').js).toBe(0);
  });

  test('bad input names the option and the accepted form', () => {
    expect(() => resolveAllocationLimits({ cont: 1 }, M, undefined)).toThrow("toAllocateAtMost: unknown option 'cont' (did you mean 'count'?)");
    expect(() => resolveAllocationLimits({ count: -1 }, M, undefined)).toThrow("toAllocateAtMost: option 'count' must be a number >= 0 (native allocations per call); received number -1");
    expect(() => resolveAllocationLimits({ bytes: '4 kib' }, M, undefined)).toThrow("toAllocateAtMost: option 'bytes': '4 kib' is not a byte size (did you mean '4 KiB'?)");
    expect(() => resolveAllocationLimits({ calls: 0, count: 1 }, M, undefined)).toThrow("toAllocateAtMost: option 'calls' must be an integer >= 1");
    expect(() => resolveAllocationLimits({ threads: 'main', count: 1 }, M, undefined)).toThrow("toAllocateAtMost: option 'threads' must be 'current' or 'all'; received 'main'");
    expect(() => resolveAllocationLimits({ calls: 10 }, M, undefined)).toThrow('toAllocateAtMost: give at least one limit: count (native allocations per call), bytes (native bytes per call) or js (JS heap bytes per call)');
    expect(() => resolveAllocationLimits(10, M, undefined)).toThrow("toAllocateAtMost: limits must be an object like { count: 10, bytes: '4 KiB' }");
  });
});
