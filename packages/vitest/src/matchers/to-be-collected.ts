import { toBeCollected as toBeCollectedCore } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toBeCollected(this: VitestMatcherThis, received: unknown) {
  const outcome = await toBeCollectedCore(toMatcherContext(this), received);
  recordOnTask(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: outcome.verdict } };
}
