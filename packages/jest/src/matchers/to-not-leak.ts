import { toNotLeak as toNotLeakCore, type LeakOptions } from '@leakproof/core';
import { withBoundedConsoleBuffer } from '../bounded-console.js';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toNotLeak(this: JestMatcherThis, received: unknown, options?: LeakOptions) {
  const context = toMatcherContext(this);
  const outcome = await withBoundedConsoleBuffer(() => toNotLeakCore(context, received, options));
  recordMeasurement(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message };
}
