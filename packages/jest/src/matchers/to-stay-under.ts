import { toStayUnder as toStayUnderCore, type PeakLimit } from '@leakproof/core';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toStayUnder(this: JestMatcherThis, received: unknown, limit: PeakLimit) {
  const outcome = await toStayUnderCore(toMatcherContext(this), received, limit);
  recordMeasurement(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message };
}
