import { describe, expect, test } from 'vitest';
import { LEAK_DEFAULTS, resolveLeakOptions, resolvePeakLimits } from '../src/index.js';

const context = { matcher: 'toNotLeak' };

describe('resolveLeakOptions', () => {
  test('defaults', () => {
    expect(resolveLeakOptions(undefined, context)).toEqual({
      iterations: LEAK_DEFAULTS.iterations,
      warmup: LEAK_DEFAULTS.warmup,
      thresholds: { heap: 16, external: 16 },
      metrics: ['heap', 'external'],
      timeoutMs: 30_000,
      maxIterations: 1000,
      unitFamily: 'si',
    });
  });

  test('timeout defaults to 80% of the test timeout', () => {
    expect(resolveLeakOptions({}, { ...context, testTimeoutMs: 5000 }).timeoutMs).toBe(4000);
    expect(resolveLeakOptions({ timeout: '10s' }, { ...context, testTimeoutMs: 5000 }).timeoutMs).toBe(10_000);
  });

  test('thresholds: one value or per metric, unit family kept', () => {
    expect(resolveLeakOptions({ threshold: '1 KiB' }, context)).toMatchObject({ thresholds: { heap: 1024, external: 1024 }, unitFamily: 'iec' });
    expect(resolveLeakOptions({ threshold: { external: 4096 } }, context).thresholds).toEqual({ heap: 16, external: 4096 });
    expect(resolveLeakOptions({ metrics: 'external' }, context).metrics).toEqual(['external']);
  });

  test.each([
    [{ iterations: 2.5 }, "option 'iterations' must be an integer >= 5"],
    [{ warmup: -1 }, "option 'warmup' must be an integer >= 0"],
    [{ maxIterations: 10 }, "option 'maxIterations' must be an integer >= 30"],
    [{ threshold: { rss: 10 } }, "option 'threshold' has unknown metric 'rss'"],
    [{ threshold: [1] }, "option 'threshold' must be bytes per iteration"],
    [{ metrics: [] }, "option 'metrics' must be a non-empty array of 'heap', 'external'"],
    [{ warmpu: 3 }, "unknown option 'warmpu' (did you mean 'warmup'?)"],
    [{ banana: 3 }, "unknown option 'banana'; accepted: 'iterations', 'warmup'"],
    ['fast', "options must be an object like { iterations: 30 }; received 'fast'"],
  ])('%j', (input, message) => {
    expect(() => resolveLeakOptions(input, context)).toThrow(`toNotLeak: ${message}`);
  });
});

describe('resolvePeakLimits', () => {
  test('a single size bounds total', () => {
    expect(resolvePeakLimits('20 MB', 'toStayUnder')).toEqual({ limits: { total: 20e6 }, unitFamily: 'si' });
  });

  test('per metric', () => {
    expect(resolvePeakLimits({ heap: '8 MiB', rss: 1e8 }, 'toStayUnder').limits).toEqual({ heap: 8 * 1024 ** 2, rss: 1e8 });
  });

  test.each([
    [{}, 'limit object is empty'],
    [{ native: '1 MB' }, "limit has unknown metric 'native'"],
    [true, 'limit must be a byte size'],
    ['20 megs', "limit: '20 megs' is not a byte size"],
  ])('%j', (input, message) => {
    expect(() => resolvePeakLimits(input, 'toStayUnder')).toThrow(`toStayUnder: ${message}`);
  });
});
