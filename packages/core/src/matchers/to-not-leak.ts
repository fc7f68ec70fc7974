import { LeakproofUsageError } from '../errors.js';
import { completeUtils } from '../format/matcher-utils.js';
import { formatLeakMessage } from '../format/leak-message.js';
import { explainLeakVerdict, leakMeasurementVerdict, leakMetricEvidence, summarizeLeakVerdict } from '../format/summary.js';
import { detectLeak } from '../leak-detector.js';
import { resolveLeakOptions } from '../options.js';
import { nativeTracker, noticeNativeUnavailable } from '../native.js';
import { withMeasurementLock } from '../serialize.js';
import type { LeakVerdict } from '../verdict.js';
import type { MatcherContextLike, MatcherOutcome } from './context.js';
import { assertFunction, assertNotConcurrent } from './guards.js';

const MATCHER = 'toNotLeak';

/** `await expect(fn).toNotLeak(options?)`: runtime-agnostic implementation shared by the Vitest and Jest adapters. */
export async function toNotLeak(context: MatcherContextLike, received: unknown, options?: unknown): Promise<MatcherOutcome<LeakVerdict>> {
  if (context.isNot) {
    throw new LeakproofUsageError(
      `${MATCHER}: .not.${MATCHER}() is a double negative and is not supported: a leak is only reported with evidence. ` +
        `To check that memory does not grow, use expect(fn).${MATCHER}(); to bound a run, use expect(fn).toStayUnder(limit).`,
    );
  }
  assertFunction(received, MATCHER);
  assertNotConcurrent(context, MATCHER);
  const tracker = nativeTracker();
  const nativeUnavailable = tracker.ok ? undefined : tracker.reason;
  const resolved = resolveLeakOptions(options, { matcher: MATCHER, testTimeoutMs: context.testTimeoutMs, nativeUnavailable });
  if (nativeUnavailable !== undefined) noticeNativeUnavailable(nativeUnavailable);
  const verdict = await withMeasurementLock({ matcher: MATCHER, testName: context.currentTestName }, () =>
    detectLeak(received, resolved, MATCHER),
  );
  const utils = completeUtils(context.utils);
  const hint = utils.matcherHint(MATCHER, 'fn', options === undefined ? '' : 'options', { isNot: false, promise: context.promise ?? '' });
  const summary = {
    matcher: MATCHER,
    pass: verdict.pass,
    fullGcs: verdict.fullGcs,
    durationMs: verdict.durationMs,
    headline: summarizeLeakVerdict(verdict),
    detail: explainLeakVerdict(verdict),
    verdict: leakMeasurementVerdict(verdict),
    metrics: leakMetricEvidence(verdict),
    calls: verdict.calls,
  };
  return { pass: verdict.pass, message: () => formatLeakMessage(verdict, utils, hint), verdict, summary };
}
