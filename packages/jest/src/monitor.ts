import { leakproofHost, MemoryMonitor, track, type MonitorOptions, type MonitorTestBinding } from '@leakproof/core';

/**
 * Jest has no test annotations: warnings go to the console (Jest prints them with the test file). The end check and
 * the summaries go through the leakproof environment (`testEnvironment: '@leakproof/jest/environment'`); without it
 * only `monitor.stop()` can fail the test.
 */
function jestBinding(): MonitorTestBinding {
  const host = leakproofHost();
  const testName = host?.currentTest?.name ?? (globalThis as { expect?: { getState?: () => { currentTestName?: string } } }).expect?.getState?.().currentTestName;
  return {
    testName,
    warn: (message) => console.warn(message),
    onTestEnd(check) {
      if (!host?.testEndChecks || !host.currentTest) return false;
      host.testEndChecks.push(check);
      return true;
    },
    record(summary) {
      host?.measurements?.push({ test: testName, ...summary });
    },
  };
}

/**
 * `monitor({ interval: '50ms', warn: '200 MB', critical: '500 MB' })`: samples heap (live + garbage), external,
 * native and rss until `stop()` or the end of the test; a `warn` crossing prints a console warning, a `critical`
 * one fails the test when its function ends (leakproof environment) or at stop(). Assert the trend with toPlateau().
 */
export function monitor(options?: MonitorOptions): MemoryMonitor {
  return new MemoryMonitor(options, jestBinding());
}

/** `leakproof.monitor(...)`, `leakproof.track(...)`. */
export const leakproof = { monitor, track } as const;
