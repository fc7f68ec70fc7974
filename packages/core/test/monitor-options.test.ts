import { describe, expect, test } from 'vitest';
import { MONITOR_DEFAULTS, resolveMonitorOptions, resolvePlateauOptions, PLATEAU_DEFAULTS } from '../src/index.js';

describe('resolveMonitorOptions', () => {
  test('defaults: 100ms, no limits, native when the tracker is available', () => {
    expect(resolveMonitorOptions(undefined, undefined)).toEqual({
      intervalMs: MONITOR_DEFAULTS.intervalMs,
      warn: {},
      critical: {},
      native: true,
      label: 'monitor',
      unitFamily: 'si',
    });
    expect(resolveMonitorOptions({}, 'disabled by LEAKPROOF_NATIVE=0').native).toBe(false);
  });

  test('a single byte size bounds total (heap + external); per metric bounds each; units keep their family', () => {
    expect(resolveMonitorOptions({ interval: '50ms', warn: '200 MB', critical: '500 MB' }, undefined)).toMatchObject({
      intervalMs: 50,
      warn: { total: 200e6 },
      critical: { total: 500e6 },
    });
    expect(resolveMonitorOptions({ critical: { heap: '1 GiB', rss: 2e9 } }, undefined)).toMatchObject({ critical: { heap: 1024 ** 3, rss: 2e9 }, unitFamily: 'si' });
    expect(resolveMonitorOptions({ critical: { rss: '2 GiB' } }, undefined).unitFamily).toBe('iec');
  });

  test('bad input names the option and the accepted form', () => {
    expect(() => resolveMonitorOptions({ warn: '200 mb' }, undefined)).toThrow("leakproof.monitor: option 'warn': '200 mb' is not a byte size (did you mean '200 MB'?)");
    expect(() => resolveMonitorOptions({ critical: { hep: '1 MB' } }, undefined)).toThrow("leakproof.monitor: option 'critical' has unknown metric 'hep' (did you mean 'heap'?)");
    expect(() => resolveMonitorOptions({ interval: 'fast' }, undefined)).toThrow("leakproof.monitor: option 'interval' must be a positive number of milliseconds or a string like '500ms'");
    expect(() => resolveMonitorOptions({ intervall: 10 }, undefined)).toThrow("leakproof.monitor: unknown option 'intervall' (did you mean 'interval'?)");
    expect(() => resolveMonitorOptions({ warn: {} }, undefined)).toThrow("leakproof.monitor: option 'warn' is an empty object");
    expect(() => resolveMonitorOptions({ warn: true }, undefined)).toThrow("leakproof.monitor: option 'warn' must be a byte size");
    expect(() => resolveMonitorOptions({ label: '' }, undefined)).toThrow("leakproof.monitor: option 'label' must be a non-empty string");
    expect(() => resolveMonitorOptions('50ms', undefined)).toThrow('leakproof.monitor: options must be an object');
  });

  test('warn above critical is refused', () => {
    expect(() => resolveMonitorOptions({ warn: { heap: '2 MB' }, critical: { heap: '1 MB' } }, undefined)).toThrow(
      "leakproof.monitor: option 'warn' (heap) is above option 'critical' (heap); warn must be the lower limit",
    );
  });

  test('native limits need native sampling', () => {
    expect(() => resolveMonitorOptions({ critical: { native: '10 MB' } }, 'disabled by LEAKPROOF_NATIVE=0')).toThrow(
      "leakproof.monitor: option 'critical.native' needs native sampling, which is unavailable: disabled by LEAKPROOF_NATIVE=0",
    );
    expect(() => resolveMonitorOptions({ native: false, warn: { native: '10 MB' } }, undefined)).toThrow(
      "leakproof.monitor: option 'warn.native' needs native sampling, which is off (native: false)",
    );
    expect(() => resolveMonitorOptions({ native: true }, 'no prebuild')).toThrow("leakproof.monitor: option 'native' is true, but the native tracker is unavailable: no prebuild");
  });
});

describe('resolvePlateauOptions', () => {
  test('defaults and accepted forms', () => {
    expect(resolvePlateauOptions(undefined, 'toPlateau')).toEqual({ warmupMs: undefined, maxGrowthPerSecond: PLATEAU_DEFAULTS.maxGrowthPerSecond, metrics: undefined, unitFamily: 'si' });
    expect(resolvePlateauOptions({ warmup: '2s', maxGrowthPerSecond: '1 KiB', metrics: 'rss' }, 'toPlateau')).toEqual({ warmupMs: 2000, maxGrowthPerSecond: 1024, metrics: ['rss'], unitFamily: 'iec' });
    expect(resolvePlateauOptions({ warmup: 0 }, 'toPlateau').warmupMs).toBe(0);
  });

  test('bad input is a clear error', () => {
    expect(() => resolvePlateauOptions({ metrics: ['total'] }, 'toPlateau')).toThrow("toPlateau: option 'metrics' has unknown metric 'total'; accepted: 'heap', 'external', 'native', 'rss'");
    expect(() => resolvePlateauOptions({ maxGrowth: '1 MB' }, 'toPlateau')).toThrow("toPlateau: unknown option 'maxGrowth'");
    expect(() => resolvePlateauOptions({ maxGrowthPerSecond: '1 mb' }, 'toPlateau')).toThrow("toPlateau: option 'maxGrowthPerSecond': '1 mb' is not a byte size (did you mean '1 MB'?)");
    expect(() => resolvePlateauOptions({ warmup: -1 }, 'toPlateau')).toThrow("toPlateau: option 'warmup' must be a positive number of milliseconds");
    expect(() => resolvePlateauOptions({ metrics: [] }, 'toPlateau')).toThrow("toPlateau: option 'metrics' must be a non-empty array");
  });
});
