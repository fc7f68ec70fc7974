import { completeUtils } from '../format/matcher-utils.js';
import { formatPeakMessage } from '../format/peak-message.js';
import { peakMetricEvidence, summarizePeakVerdict } from '../format/summary.js';
import { resolvePeakLimits } from '../options.js';
import { measurePeak } from '../peak.js';
import { withMeasurementLock } from '../serialize.js';
import type { PeakVerdict } from '../verdict.js';
import type { MatcherContextLike, MatcherOutcome } from './context.js';
import { assertFunction, assertNotConcurrent } from './guards.js';
import { nativeTracker, noticeNativeUnavailable } from '../native.js';
import { peakBudgetRequest, stayUnderBudget } from '../budget/peak-budget.js';

const MATCHER = 'toStayUnder';

/**
 * `await expect(fn).toStayUnder(limit)`: peak memory of one run of fn above a post-GC baseline.
 * `.not.toStayUnder(limit)` asserts the run goes above the limit (e.g. that a cache really is populated).
 */
export async function toStayUnder(context: MatcherContextLike, received: unknown, limit?: unknown): Promise<MatcherOutcome<PeakVerdict>> {
  assertFunction(received, MATCHER);
  const budget = peakBudgetRequest(limit);
  assertNotConcurrent(context, MATCHER);
  if (budget) return stayUnderBudget(context, received, budget);
  const tracker = nativeTracker();
  const limits = resolvePeakLimits(limit, MATCHER, tracker.ok ? undefined : tracker.reason);
  if (!tracker.ok) noticeNativeUnavailable(tracker.reason);
  const verdict = await withMeasurementLock({ matcher: MATCHER, testName: context.currentTestName }, () =>
    measurePeak(received, limits, MATCHER),
  );
  const utils = completeUtils(context.utils);
  const hint = utils.matcherHint(MATCHER, 'fn', 'limit', { isNot: context.isNot, promise: context.promise ?? '' });
  const summary = {
    matcher: MATCHER,
    pass: verdict.pass,
    fullGcs: verdict.fullGcs,
    durationMs: verdict.durationMs,
    headline: summarizePeakVerdict(verdict),
    detail: verdict.notes.join(' '),
    verdict: verdict.pass ? ('pass' as const) : ('fail' as const),
    peaks: peakMetricEvidence(verdict),
  };
  return { pass: verdict.pass, message: () => formatPeakMessage(verdict, utils, hint, context.isNot), verdict, summary };
}
