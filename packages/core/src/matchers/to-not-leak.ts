import { LeakproofUsageError } from '../errors.js';
import { completeUtils } from '../format/matcher-utils.js';
import { formatLeakMessage } from '../format/leak-message.js';
import { explainLeakVerdict, handlesEvidence, leakMeasurementVerdict, leakMetricEvidence, summarizeLeakVerdict } from '../format/summary.js';
import { detectLeak } from '../leak-detector.js';
import { resolveLeakOptions } from '../options.js';
import { nativeTracker, noticeNativeUnavailable } from '../native.js';
import { withMeasurementLock } from '../serialize.js';
import type { LeakVerdict } from '../verdict.js';
import type { MatcherContextLike, MatcherOutcome } from './context.js';
import { assertFunction, assertNotConcurrent } from './guards.js';
import { checkLeakBudget, formatLeakBudgetFailure } from '../budget/leak-budget.js';
import { measureCallCost } from '../budget/call-cost.js';
import { describeBudgetOutcome } from '../budget/message.js';
import type { BudgetMetric } from '../budget/metrics.js';

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
  let cost: Partial<Record<BudgetMetric, number>> | undefined;
  const verdict = await withMeasurementLock({ matcher: MATCHER, testName: context.currentTestName }, async () => {
    const leakVerdict = await detectLeak(received, resolved, MATCHER);
    // A budget is checked only on a passing leak check: a leaking cycle fails anyway, with its own evidence.
    if (resolved.budget && leakVerdict.pass) cost = await measureCallCost(received, MATCHER);
    return leakVerdict;
  });
  const budget = resolved.budget && cost ? await checkLeakBudget(context, cost, resolved.budget) : undefined;
  const budgetFailed = budget?.status === 'exceeded' || budget?.status === 'missing-in-ci';
  const utils = completeUtils(context.utils);
  const hint = utils.matcherHint(MATCHER, 'fn', options === undefined ? '' : 'options', { isNot: false, promise: context.promise ?? '' });
  const headline = summarizeLeakVerdict(verdict);
  const pass = verdict.pass && !budgetFailed;
  const summary = {
    matcher: MATCHER,
    pass,
    fullGcs: verdict.fullGcs,
    durationMs: verdict.durationMs,
    headline: budget ? `${headline}; ${describeBudgetOutcome(budget)}` : headline,
    detail: explainLeakVerdict(verdict),
    ...(budget ? { budget } : {}),
    verdict: leakMeasurementVerdict(verdict),
    metrics: leakMetricEvidence(verdict),
    ...(verdict.handles ? { handles: handlesEvidence(verdict.handles) } : {}),
    calls: verdict.calls,
  };
  const message = () => (budget && budgetFailed ? formatLeakBudgetFailure(budget, context, hint, headline) : formatLeakMessage(verdict, utils, hint));
  return { pass, message, verdict, summary };
}
