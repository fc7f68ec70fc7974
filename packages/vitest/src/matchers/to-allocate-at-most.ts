import { toAllocateAtMost as toAllocateAtMostCore, type AllocationLimits } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toAllocateAtMost(this: VitestMatcherThis, received: unknown, limits: AllocationLimits) {
  const outcome = await toAllocateAtMostCore(toMatcherContext(this), received, limits);
  recordOnTask(this, outcome.summary);
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: outcome.verdict } };
}
