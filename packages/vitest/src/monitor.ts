import { MemoryMonitor, track, type MonitorOptions, type MonitorTestBinding } from '@leakproof/core';
import { recordOnMeta } from './context.js';

/** The parts of Vitest's running test (4.x and 5.x) a monitor uses. */
interface VitestRunningTest {
  type?: string;
  fullTestName?: string;
  name?: string;
  meta?: object;
  context?: {
    annotate?: (message: string, type?: string) => Promise<unknown>;
    onTestFinished?: (handler: () => unknown) => void;
  };
}

/**
 * The test Vitest is running in this worker. Vitest keeps it on its worker state (`__vitest_worker__.current`, the
 * object `getCurrentTest()` reads too); it is read from there rather than by importing `vitest`, for the same reason
 * the matchers use the runner's global expect: the copy of vitest resolvable from here may not be the running one.
 */
function runningTest(): VitestRunningTest | undefined {
  const state = (globalThis as { __vitest_worker__?: { current?: VitestRunningTest } }).__vitest_worker__;
  const current = state?.current;
  return current?.type === 'test' ? current : undefined;
}

/** Crossings as test annotations (type 'warning' for warn, 'error' for critical), the end check as onTestFinished, summaries on task.meta. */
function vitestBinding(): MonitorTestBinding {
  const test = runningTest();
  return {
    testName: test?.fullTestName ?? test?.name,
    warn(message, level) {
      const annotate = test?.context?.annotate;
      if (typeof annotate !== 'function') {
        console.warn(message);
        return;
      }
      try {
        annotate(message, level === 'critical' ? 'error' : 'warning').catch(() => console.warn(message));
      } catch {
        // The test has already finished: annotations are refused then.
        console.warn(message);
      }
    },
    onTestEnd(check) {
      const onTestFinished = test?.context?.onTestFinished;
      if (typeof onTestFinished !== 'function') return false;
      onTestFinished(() => {
        const error = check();
        if (error) throw error;
      });
      return true;
    },
    record(summary) {
      recordOnMeta(test?.meta, summary);
    },
  };
}

/**
 * `monitor({ interval: '50ms', warn: '200 MB', critical: '500 MB' })`: samples heap (live + garbage), external,
 * native and rss of this worker until `stop()` or the end of the test; a `warn` crossing annotates the test, a
 * `critical` one fails it when the test function ends (or at stop()). Assert on the trend with toPlateau().
 */
export function monitor(options?: MonitorOptions): MemoryMonitor {
  return new MemoryMonitor(options, vitestBinding());
}

/** `leakproof.monitor(...)`, `leakproof.track(...)`. */
export const leakproof = { monitor, track } as const;
