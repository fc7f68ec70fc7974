import { toAllocateAtMost as toAllocateAtMostCore, type AllocationLimits } from '@leakproof/core';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toAllocateAtMost(this: JestMatcherThis, received: unknown, limits: AllocationLimits) {
  const outcome = await toAllocateAtMostCore(toMatcherContext(this), received, limits);
  recordMeasurement(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message };
}
