import { toPlateau as toPlateauCore, type PlateauOptions } from '@leakproof/core';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toPlateau(this: JestMatcherThis, received: unknown, options?: PlateauOptions) {
  const outcome = await toPlateauCore(toMatcherContext(this), received, options);
  recordMeasurement(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message };
}
