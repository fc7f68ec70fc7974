import { toBeCollected as toBeCollectedCore } from '@leakproof/core';
import { recordMeasurement, toMatcherContext, type JestMatcherThis } from '../context.js';

export async function toBeCollected(this: JestMatcherThis, received: unknown) {
  const outcome = await toBeCollectedCore(toMatcherContext(this), received);
  const { verdict } = outcome;
  recordMeasurement(this, {
    matcher: 'toBeCollected',
    pass: outcome.pass,
    fullGcs: verdict.rounds,
    durationMs: verdict.durationMs,
    headline: `${verdict.label} ${verdict.collected ? 'collected' : 'still alive'} after ${verdict.rounds} GC round${verdict.rounds === 1 ? '' : 's'}`,
    detail: verdict.retainers?.path.length ? `retained by: ${verdict.retainers.path.join(' -> ')}` : '',
  });
  return { pass: outcome.pass, message: outcome.message };
}
