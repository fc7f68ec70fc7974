import { toNotLeak as toNotLeakCore, type LeakOptions } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toNotLeak(this: VitestMatcherThis, received: unknown, options?: LeakOptions) {
  const outcome = await toNotLeakCore(toMatcherContext(this), received, options);
  recordOnTask(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: outcome.verdict } };
}
