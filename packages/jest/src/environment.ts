import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { LEAKPROOF_HOST, type FinishedTest, type HostMeasurement, type LeakproofHost } from '@leakproof/core';
import { loadNative } from '@leakproof/native';

type NodeEnvironmentClass = typeof import('jest-environment-node').default;

/**
 * The base class must come from the Jest that is running (29 or 30 in one monorepo): take jest-environment-node
 * from the jest-runner already loaded in this worker, falling back to our own dependency.
 */
function resolveNodeEnvironment(): NodeEnvironmentClass {
  const localRequire = createRequire(import.meta.url);
  const runner = Object.keys(localRequire.cache).find((file) => /[\\/]jest-runner[\\/]build[\\/]/.test(file));
  const candidates = runner ? [createRequire(runner), localRequire] : [localRequire];
  for (const requireFrom of candidates) {
    try {
      const loaded = requireFrom('jest-environment-node') as { default?: NodeEnvironmentClass } & NodeEnvironmentClass;
      return loaded.default ?? loaded;
    } catch {
      // try the next candidate
    }
  }
  throw new Error('@leakproof/jest/environment: jest-environment-node not found; install jest (29 or 30)');
}

const NodeEnvironment = resolveNodeEnvironment();

/** gc from the outer realm, created once per worker. */
function outerGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  try {
    return vm.runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
}

let sharedGc: (() => void) | undefined;

export interface LeakproofEnvironmentOptions {
  /** Directory where each test file's measurements are written as JSON at teardown (for reporters). */
  reportDir?: string;
}

/**
 * `testEnvironment: '@leakproof/jest/environment'`: jest-environment-node plus, inside the test's vm context, gc and
 * the native tracker loaded once in the outer realm, the running test's name / concurrency / timeout from the
 * runner's events, and the measurements of each test kept for reporters.
 */
export default class LeakproofEnvironment extends NodeEnvironment {
  readonly host: LeakproofHost;
  readonly measurementsByTest: HostMeasurement[] = [];
  readonly finishedTests: FinishedTest[] = [];
  private readonly reportDir: string | undefined;
  private readonly testPath: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    sharedGc ??= outerGc();
    this.host = { gc: sharedGc, native: loadNative(), measurements: this.measurementsByTest, testEndChecks: [], finishedTests: this.finishedTests };
    (this.global as unknown as Record<symbol, LeakproofHost>)[LEAKPROOF_HOST] = this.host;
    const options = (config.projectConfig.testEnvironmentOptions as { leakproof?: LeakproofEnvironmentOptions }).leakproof;
    this.reportDir = options?.reportDir ?? process.env.LEAKPROOF_REPORT_DIR;
    this.testPath = context.testPath;
  }

  async handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> {
    const base = NodeEnvironment.prototype as { handleTestEvent?: (event: Circus.Event, state: Circus.State) => unknown };
    await base.handleTestEvent?.call(this, event, state);
    if (event.name === 'add_test' && event.concurrent) {
      this.countWhileRunning(state);
    } else if (event.name === 'test_start' || event.name === 'test_fn_start') {
      this.host.currentTest = {
        name: fullTestName(event.test),
        concurrent: event.test.concurrent === true,
        timeoutMs: event.test.timeout ?? state.testTimeout,
      };
    } else if (event.name === 'test_fn_success' || event.name === 'test_fn_failure') {
      this.runTestEndChecks(event.test);
    } else if (event.name === 'test_done') {
      this.host.currentTest = undefined;
      this.finishedTests.push({ name: fullTestName(event.test), passed: event.test.errors.length === 0 });
    } else if (event.name === 'test_skip' || event.name === 'test_todo') {
      this.finishedTests.push({ name: fullTestName(event.test), passed: false });
    }
  }

  /** Memory monitors of the test stop here; a critical crossing becomes one of the test's errors (fails it). */
  private runTestEndChecks(test: Circus.TestEntry): void {
    const checks = this.host.testEndChecks?.splice(0) ?? [];
    for (const check of checks) {
      const error = check();
      if (error) test.errors.push(error);
    }
  }

  /**
   * Jest 29 starts `test.concurrent` functions before their turn, without a test_start event: count them while
   * they are in flight, so a measurement made meanwhile is refused instead of measuring a shared heap.
   */
  private countWhileRunning(state: Circus.State): void {
    const entry = state.currentDescribeBlock.children.at(-1);
    if (!entry || entry.type !== 'test' || typeof entry.fn !== 'function') return;
    const original = entry.fn as (this: unknown) => unknown;
    const host = this.host;
    entry.fn = async function countedConcurrentTest(this: unknown) {
      host.concurrentRunning = (host.concurrentRunning ?? 0) + 1;
      try {
        return await original.call(this);
      } finally {
        host.concurrentRunning = (host.concurrentRunning ?? 1) - 1;
      }
    } as typeof entry.fn;
  }

  override async teardown(): Promise<void> {
    if (this.reportDir && this.measurementsByTest.length > 0) {
      mkdirSync(this.reportDir, { recursive: true });
      const name = `${path.basename(this.testPath).replace(/[^\w.-]/g, '_')}-${process.pid}-${Date.now()}.json`;
      writeFileSync(path.join(this.reportDir, name), JSON.stringify({ testPath: this.testPath, measurements: this.measurementsByTest }, null, 2));
    }
    await super.teardown();
  }
}

function fullTestName(test: Circus.TestEntry): string {
  const names: string[] = [test.name];
  let parent: Circus.DescribeBlock | undefined = test.parent;
  while (parent && parent.name !== 'ROOT_DESCRIBE_BLOCK') {
    names.unshift(parent.name);
    parent = parent.parent;
  }
  return names.join(' ');
}
