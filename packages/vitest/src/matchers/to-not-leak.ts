import { toNotLeak as toNotLeakCore, type LeakOptions } from '@leakproof/core';
import { withBoundedConsoleOutput } from '../bounded-console.js';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toNotLeak(this: VitestMatcherThis, received: unknown, options?: LeakOptions) {
  const context = toMatcherContext(this);
  const outcome = await withBoundedConsoleOutput(() => toNotLeakCore(context, received, options));
  recordOnTask(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: outcome.verdict } };
}
