import { summarizePeakVerdict, toStayUnder as toStayUnderCore } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';
import type { PeakLimit } from '../types.js';

export async function toStayUnder(this: VitestMatcherThis, received: unknown, limit: PeakLimit) {
  const outcome = await toStayUnderCore(toMatcherContext(this), received, limit);
  const { verdict } = outcome;
  recordOnTask(this, { matcher: 'toStayUnder', pass: outcome.pass, fullGcs: verdict.fullGcs, durationMs: verdict.durationMs, headline: summarizePeakVerdict(verdict), detail: verdict.notes.join(' ') });
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: verdict } };
}
