import { toBeCollected as toBeCollectedCore } from '@leakproof/core';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toBeCollected(this: JestMatcherThis, received: unknown) {
  const outcome = await toBeCollectedCore(toMatcherContext(this), received);
  recordMeasurement(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message };
}
