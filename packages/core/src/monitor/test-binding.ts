import type { MeasurementSummary } from '../host.js';

/**
 * What a runner adapter gives a memory monitor about the test that created it. A monitor lives across timer
 * callbacks, outside any matcher call, so it reaches its test through this binding.
 */
export interface MonitorTestBinding {
  /** Full name of the test the monitor belongs to, when known. */
  testName?: string | undefined;
  /** Shows a threshold crossing on the test: a Vitest annotation (type 'warning' / 'error'); a console warning under Jest. */
  warn(message: string, level: 'warn' | 'critical'): void;
  /**
   * Runs `check` when the test function has ended (Vitest: onTestFinished; Jest: the leakproof environment's
   * test_fn_success / test_fn_failure event). An error thrown by / returned from it fails the test.
   * Returns false when the runner offers no such hook here (then only monitor.stop() can fail the test).
   */
  onTestEnd(check: () => Error | undefined): boolean;
  /** Keeps a measurement summary with the test for reporters (Vitest task.meta.leakproof, Jest environment). */
  record(summary: MeasurementSummary): void;
}

/** Binding used outside any known runner: warnings on the console, no end-of-test hook, nothing recorded. */
export const CONSOLE_BINDING: MonitorTestBinding = {
  warn: (message) => console.warn(message),
  onTestEnd: () => false,
  record: () => undefined,
};
