import { toBeCollected as toBeCollectedCore } from '@leakproof/core';
import { recordOnTask, toMatcherContext, type VitestMatcherThis } from '../context.js';

export async function toBeCollected(this: VitestMatcherThis, received: unknown) {
  const outcome = await toBeCollectedCore(toMatcherContext(this), received);
  const { verdict } = outcome;
  recordOnTask(this, {
    matcher: 'toBeCollected',
    pass: outcome.pass,
    fullGcs: verdict.rounds,
    durationMs: verdict.durationMs,
    headline: `${verdict.label} ${verdict.collected ? 'collected' : 'still alive'} after ${verdict.rounds} GC round${verdict.rounds === 1 ? '' : 's'}`,
    detail: verdict.retainers?.path.length ? `retained by: ${verdict.retainers.path.join(' -> ')}` : '',
  });
  return { pass: outcome.pass, message: outcome.message, meta: { leakproof: verdict } };
}
