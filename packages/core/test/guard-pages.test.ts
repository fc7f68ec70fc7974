import { describe, expect, test } from 'vitest';
import { guardOptionsFromEnv, resolveGuardOptions } from '../src/index.js';

describe('resolveGuardOptions', () => {
  test('accepts every option, maxSize in byte units', () => {
    expect(resolveGuardOptions({ sampleRate: 10, quarantine: 8, slots: 64, maxSize: '4 KiB', align: 'left' }, 'withGuardPages')).toEqual({
      sampleRate: 10,
      quarantine: 8,
      slots: 64,
      maxSize: 4096,
      align: 'left',
    });
    expect(resolveGuardOptions(undefined, 'withGuardPages')).toEqual({});
  });

  test('bad input: an error naming the option and the accepted form', () => {
    expect(() => resolveGuardOptions({ sampleRate: 0 }, 'withGuardPages')).toThrow(
      "withGuardPages: option 'sampleRate' must be an integer >= 1 (1 guards every allocation, N one in N); received number 0",
    );
    expect(() => resolveGuardOptions({ align: 'center' }, 'withGuardPages')).toThrow(
      "withGuardPages: option 'align' must be 'right' (catch overflows) or 'left' (catch underflows); received 'center'",
    );
    expect(() => resolveGuardOptions({ maxSize: '1 GB' }, 'withGuardPages')).toThrow("option 'maxSize' must be from 1 B to 64 MiB");
    expect(() => resolveGuardOptions({ quarantine: 100, slots: 10 }, 'withGuardPages')).toThrow("'quarantine' (100) cannot exceed 'slots' (10)");
    expect(() => resolveGuardOptions({ scope: 'all' }, 'withGuardPages')).toThrow(
      "withGuardPages: option 'scope' must be 'addons' (allocations node itself makes are not guarded) or 'process'; received 'all'",
    );
    expect(resolveGuardOptions({ scope: 'process' }, 'withGuardPages')).toEqual({ scope: 'process' });
    expect(() => resolveGuardOptions({ sampelRate: 2 }, 'withGuardPages')).toThrow("unknown option 'sampelRate' (did you mean 'sampleRate'?)");
    expect(() => resolveGuardOptions(5, 'withGuardPages')).toThrow('withGuardPages: options must be an object');
  });
});

describe('guardOptionsFromEnv', () => {
  test('off unless LEAKPROOF_GUARD is 1/true', () => {
    expect(guardOptionsFromEnv({})).toBeUndefined();
    expect(guardOptionsFromEnv({ LEAKPROOF_GUARD: '0' })).toBeUndefined();
    expect(guardOptionsFromEnv({ LEAKPROOF_GUARD: '1' })).toEqual({});
  });

  test('reads the option variables', () => {
    expect(
      guardOptionsFromEnv({ LEAKPROOF_GUARD: 'true', LEAKPROOF_GUARD_SAMPLE_RATE: '50', LEAKPROOF_GUARD_MAX_SIZE: '8 KiB', LEAKPROOF_GUARD_ALIGN: 'left' }),
    ).toEqual({ sampleRate: 50, maxSize: 8192, align: 'left' });
  });

  test('bad values name the variable', () => {
    expect(() => guardOptionsFromEnv({ LEAKPROOF_GUARD: 'yes' })).toThrow("LEAKPROOF_GUARD must be 1 (on) or 0 (off); received 'yes'");
    expect(() => guardOptionsFromEnv({ LEAKPROOF_GUARD: '1', LEAKPROOF_GUARD_SLOTS: 'many' })).toThrow(
      "LEAKPROOF_GUARD_SLOTS must be a whole number; received 'many'",
    );
  });
});
