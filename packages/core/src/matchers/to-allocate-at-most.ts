import { measureAllocations, type AllocationVerdict } from '../allocation/measure-allocations.js';
import { resolveAllocationLimits } from '../allocation/allocation-options.js';
import { LeakproofUsageError } from '../errors.js';
import { formatAllocationMessage, summarizeAllocations } from '../format/allocation-message.js';
import { completeUtils } from '../format/matcher-utils.js';
import { nativeTracker } from '../native.js';
import { withMeasurementLock } from '../serialize.js';
import type { MatcherContextLike, MatcherOutcome } from './context.js';
import { assertFunction, assertNotConcurrent } from './guards.js';

const MATCHER = 'toAllocateAtMost';

/**
 * `await expect(fn).toAllocateAtMost({ count, bytes, js })`: allocations per call, like Go's allocs/op.
 * Asking for native count / bytes without the native tracker is a usage error (never a silent pass).
 */
export async function toAllocateAtMost(context: MatcherContextLike, received: unknown, limits?: unknown): Promise<MatcherOutcome<AllocationVerdict>> {
  assertFunction(received, MATCHER);
  if (limits === undefined) {
    throw new LeakproofUsageError(`${MATCHER}: limits are required, e.g. { count: 10, bytes: '4 KiB' } (native, per call) or { js: '1 KiB' } (JS heap, per call)`);
  }
  assertNotConcurrent(context, MATCHER);
  const tracker = nativeTracker();
  const resolved = resolveAllocationLimits(limits, MATCHER, tracker.ok ? undefined : tracker.reason);
  const addon = tracker.ok ? tracker.addon : undefined;
  const verdict = await withMeasurementLock({ matcher: MATCHER, testName: context.currentTestName }, () =>
    measureAllocations(received, resolved, addon, MATCHER),
  );
  const utils = completeUtils(context.utils);
  const hint = utils.matcherHint(MATCHER, 'fn', 'limits', { isNot: context.isNot, promise: context.promise ?? '' });
  const summary = {
    matcher: MATCHER,
    pass: verdict.pass,
    fullGcs: 0,
    durationMs: verdict.durationMs,
    headline: summarizeAllocations(verdict),
    detail: verdict.notes.join(' '),
    ...(verdict.native?.profile ? { allocationProfile: verdict.native.profile } : {}),
  };
  return { pass: verdict.pass, message: () => formatAllocationMessage(verdict, utils, hint, context.isNot), verdict, summary };
}
