import { CollectionProbe } from '../diagnosis/track.js';
import { findObjectRetainers, type ObjectRetainers } from '../diagnosis/object-retainers.js';
import { LeakproofUsageError } from '../errors.js';
import { fullGc, nextMacrotask } from '../gc.js';
import { completeUtils } from '../format/matcher-utils.js';
import { formatDuration } from '../format/leak-message.js';
import { describeValue } from '../units.js';
import type { MatcherContextLike, MatcherOutcome } from './context.js';

const MATCHER = 'toBeCollected';
/** Rounds of macrotask + full GC + macrotask before an object counts as still alive. */
export const COLLECTION_ROUNDS = 5;

export interface CollectionVerdict {
  collected: boolean;
  label: string;
  rounds: number;
  durationMs: number;
  retainers?: ObjectRetainers | undefined;
}

/**
 * `await expect(ref).toBeCollected()`: `ref` is a WeakRef or a probe from `track(obj, label)`. Passes when the
 * object is collected within a few rounds of (macrotask, full GC, macrotask); when it is not, the message gives
 * the retainer path of that very object. `.not.toBeCollected()` asserts it is still alive.
 */
export async function toBeCollected(context: MatcherContextLike, received: unknown): Promise<MatcherOutcome<CollectionVerdict>> {
  const started = performance.now();
  const { ref, label } = toWeakRef(received);
  let rounds = 0;
  let collected = false;
  while (rounds < COLLECTION_ROUNDS) {
    rounds++;
    await nextMacrotask();
    fullGc();
    await nextMacrotask();
    if (isCollected(ref)) {
      collected = true;
      break;
    }
  }
  const retainers = !collected && !context.isNot ? await findObjectRetainers(ref).catch((error: unknown) => failed(error)) : undefined;
  const verdict: CollectionVerdict = { collected, label, rounds, durationMs: performance.now() - started, retainers };
  const utils = completeUtils(context.utils);
  const hint = utils.matcherHint(MATCHER, 'ref', '', { isNot: context.isNot, promise: context.promise ?? '' });
  const message = (): string => {
    const lines = [hint, ''];
    if (collected) {
      lines.push(`Expected: ${label} to stay alive`, `Received: ${utils.RECEIVED_COLOR('collected')} after ${rounds} GC round${rounds === 1 ? '' : 's'}`);
      return lines.join('\n');
    }
    lines.push(
      `Expected: ${label} to be collected`,
      `Received: ${utils.RECEIVED_COLOR('still alive')} after ${rounds} rounds of full GC and macrotask turns (${formatDuration(verdict.durationMs)})`,
    );
    if (retainers) {
      lines.push('');
      if (retainers.path.length > 0) lines.push(`retained by: ${retainers.path.join(' -> ')}`);
      if (retainers.note) lines.push(`retainer path unavailable: ${retainers.note}`);
      lines.push(`(retainer path from a heap snapshot, ${formatDuration(retainers.durationMs)})`);
    }
    return lines.join('\n');
  };
  const summary = {
    matcher: 'toBeCollected',
    pass: collected,
    fullGcs: rounds,
    durationMs: verdict.durationMs,
    headline: `${label} ${collected ? 'collected' : 'still alive'} after ${rounds} GC round${rounds === 1 ? '' : 's'}`,
    detail: retainers?.path.length ? `retained by: ${retainers.path.join(' -> ')}` : '',
  };
  return { pass: collected, message, verdict, summary };
}

function failed(error: unknown): ObjectRetainers {
  return { path: [], durationMs: 0, note: error instanceof Error ? error.message : String(error) };
}

/** Kept out of the matcher's frame so the deref'd target is not held by a local. */
function isCollected(ref: WeakRef<object>): boolean {
  return ref.deref() === undefined;
}

function toWeakRef(received: unknown): { ref: WeakRef<object>; label: string } {
  if (received instanceof CollectionProbe) return { ref: received.ref, label: `'${received.label}'` };
  if (received instanceof WeakRef) return { ref: received as WeakRef<object>, label: 'the WeakRef target' };
  if (isProbeLike(received)) return { ref: received.ref, label: `'${received.label}'` };
  throw new LeakproofUsageError(
    `${MATCHER}: expect(received) must be a WeakRef or a probe from track(obj, 'label'), e.g. expect(track(session, 'session')).${MATCHER}(); received ${describeValue(received)}`,
  );
}

/** A probe made by another copy of @leakproof/core (e.g. CJS next to ESM). */
function isProbeLike(value: unknown): value is { ref: WeakRef<object>; label: string } {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as { ref?: unknown; label?: unknown };
  return typeof candidate.label === 'string' && candidate.ref !== null && typeof candidate.ref === 'object' && typeof (candidate.ref as { deref?: unknown }).deref === 'function';
}
