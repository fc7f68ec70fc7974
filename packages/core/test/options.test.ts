import { describe, expect, test } from 'vitest';
import { LEAK_DEFAULTS, resolveLeakOptions, resolvePeakLimits } from '../src/index.js';

const context = { matcher: 'toNotLeak' };

describe('resolveLeakOptions', () => {
  test('defaults', () => {
    expect(resolveLeakOptions(undefined, context)).toEqual({
      iterations: LEAK_DEFAULTS.iterations,
      warmup: LEAK_DEFAULTS.warmup,
      thresholds: { heap: 16, external: 16, native: 16 },
      metrics: ['heap', 'external', 'native'],
      timeoutMs: 30_000,
      maxIterations: 950,
      diagnose: true,
      keepSnapshot: false,
      handles: true,
      allowHandles: [],
      unitFamily: 'si',
    });
  });

  test("handles: on by default, alone with metrics: ['handles'], off when metrics leaves it out", () => {
    expect(resolveLeakOptions({ metrics: ['handles'] }, context)).toMatchObject({ metrics: [], handles: true });
    expect(resolveLeakOptions({ metrics: ['heap'] }, context)).toMatchObject({ metrics: ['heap'], handles: false });
    expect(resolveLeakOptions({ metrics: 'handles', allowHandles: ['Timeout', /poller\.ts/] }, context).allowHandles).toEqual(['Timeout', /poller\.ts/]);
    expect(() => resolveLeakOptions({ allowHandles: 'Timeout' }, context)).not.toThrow();
    expect(() => resolveLeakOptions({ allowHandles: [''] }, context)).toThrow("toNotLeak: option 'allowHandles[0]' must be a non-empty handle type or a RegExp");
    expect(() => resolveLeakOptions({ allowHandles: { Timeout: true } }, context)).toThrow(
      "toNotLeak: option 'allowHandles' must be an array of handle types as the message prints them ('Timeout', 'TCPSERVERWRAP'",
    );
    expect(() => resolveLeakOptions({ metrics: ['heap'], allowHandles: ['Timeout'] }, context)).toThrow(
      "toNotLeak: option 'allowHandles' has no effect: option 'metrics' leaves out 'handles'",
    );
  });

  test('diagnose and keepSnapshot: booleans (keepSnapshot also a directory), named in errors', () => {
    expect(resolveLeakOptions({ diagnose: false, keepSnapshot: true }, context)).toMatchObject({ diagnose: false, keepSnapshot: true });
    expect(resolveLeakOptions({ keepSnapshot: '/tmp' }, context).keepSnapshot).toBe('/tmp');
    expect(() => resolveLeakOptions({ diagnose: 'yes' }, context)).toThrow("toNotLeak: option 'diagnose' must be true or false; received 'yes'");
    expect(() => resolveLeakOptions({ keepSnapshot: '/no/such/dir' }, context)).toThrow(
      "toNotLeak: option 'keepSnapshot' must be true, false or an existing directory; '/no/such/dir' is not a directory",
    );
    expect(() => resolveLeakOptions({ keepSnapshots: true }, context)).toThrow("unknown option 'keepSnapshots' (did you mean 'keepSnapshot'?)");
  });

  test('without the native tracker, native leaves the defaults and asking for it names the reason', () => {
    const unavailable = { ...context, nativeUnavailable: 'binary not found at /x.node' };
    expect(resolveLeakOptions({}, unavailable)).toMatchObject({ metrics: ['heap', 'external'], handles: true });
    expect(() => resolveLeakOptions({ metrics: ['native'] }, unavailable)).toThrow(
      "toNotLeak: option 'metrics' asks for 'native', but the native tracker is unavailable: binary not found at /x.node",
    );
  });

  test('timeout defaults to 80% of the test timeout', () => {
    expect(resolveLeakOptions({}, { ...context, testTimeoutMs: 5000 }).timeoutMs).toBe(4000);
    expect(resolveLeakOptions({ timeout: '10s' }, { ...context, testTimeoutMs: 5000 }).timeoutMs).toBe(10_000);
  });

  test('thresholds: one value or per metric, unit family kept', () => {
    expect(resolveLeakOptions({ threshold: '1 KiB' }, context)).toMatchObject({ thresholds: { heap: 1024, external: 1024, native: 1024 }, unitFamily: 'iec' });
    expect(resolveLeakOptions({ threshold: { external: 4096 } }, context).thresholds).toEqual({ heap: 16, external: 4096, native: 16 });
    expect(resolveLeakOptions({ metrics: 'external' }, context).metrics).toEqual(['external']);
  });

  test.each([
    [{ iterations: 2.5 }, "option 'iterations' must be an integer >= 5"],
    [{ warmup: -1 }, "option 'warmup' must be an integer >= 0"],
    [{ maxIterations: 10 }, "option 'maxIterations' must be an integer >= 30"],
    [{ threshold: { rss: 10 } }, "option 'threshold' has unknown metric 'rss'"],
    [{ threshold: [1] }, "option 'threshold' must be bytes per iteration"],
    [{ metrics: [] }, "option 'metrics' must be a non-empty array of 'heap', 'external', 'native', 'handles'"],
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
    expect(resolvePeakLimits({ native: '1 MB' }, 'toStayUnder').limits).toEqual({ native: 1e6 });
  });

  test('a native limit without the native tracker is an error, not a silent pass', () => {
    expect(() => resolvePeakLimits({ native: '1 MB' }, 'toStayUnder', 'disabled by LEAKPROOF_NATIVE=0')).toThrow(
      'toStayUnder: limit.native needs the native tracker, which is unavailable: disabled by LEAKPROOF_NATIVE=0',
    );
  });

  test.each([
    [{}, 'limit object is empty'],
    [{ swap: '1 MB' }, "limit has unknown metric 'swap'"],
    [true, 'limit must be a byte size'],
    ['20 megs', "limit: '20 megs' is not a byte size"],
  ])('%j', (input, message) => {
    expect(() => resolvePeakLimits(input, 'toStayUnder')).toThrow(`toStayUnder: ${message}`);
  });
});
