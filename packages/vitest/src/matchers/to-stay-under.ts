import { toStayUnder as toStayUnderCore, type PeakLimit } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toStayUnder(this: VitestMatcherThis, received: unknown, limit: PeakLimit) {
  const outcome = await toStayUnderCore(toMatcherContext(this), received, limit);
  recordOnTask(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: outcome.verdict } };
}
