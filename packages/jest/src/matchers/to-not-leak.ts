import { explainLeakVerdict, summarizeLeakVerdict, toNotLeak as toNotLeakCore, type LeakOptions } from '@leakproof/core';
import { withBoundedConsoleBuffer } from '../bounded-console.js';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toNotLeak(this: JestMatcherThis, received: unknown, options?: LeakOptions) {
  const context = toMatcherContext(this);
  const outcome = await withBoundedConsoleBuffer(() => toNotLeakCore(context, received, options));
  const { verdict } = outcome;
  recordMeasurement(this, {
    matcher: 'toNotLeak',
    pass: outcome.pass,
    fullGcs: verdict.fullGcs,
    durationMs: verdict.durationMs,
    headline: summarizeLeakVerdict(verdict),
    detail: explainLeakVerdict(verdict),
  });
  return { pass: outcome.pass, message: outcome.message };
}
