import { toPlateau as toPlateauCore, type PlateauOptions } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toPlateau(this: VitestMatcherThis, received: unknown, options?: PlateauOptions) {
  const outcome = await toPlateauCore(toMatcherContext(this), received, options);
  recordOnTask(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: outcome.verdict } };
}
