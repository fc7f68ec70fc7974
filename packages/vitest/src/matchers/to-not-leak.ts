import { explainLeakVerdict, summarizeLeakVerdict, toNotLeak as toNotLeakCore, type LeakOptions } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toNotLeak(this: VitestMatcherThis, received: unknown, options?: LeakOptions) {
  const outcome = await toNotLeakCore(toMatcherContext(this), received, options);
  const { verdict } = outcome;
  recordOnTask(this, { matcher: 'toNotLeak', pass: outcome.pass, fullGcs: verdict.fullGcs, durationMs: verdict.durationMs, headline: summarizeLeakVerdict(verdict), detail: explainLeakVerdict(verdict) });
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: verdict } };
}
