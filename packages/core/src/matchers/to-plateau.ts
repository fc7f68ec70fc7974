import { LeakproofUsageError } from '../errors.js';
import { completeUtils } from '../format/matcher-utils.js';
import { formatPlateauMessage } from '../format/plateau-message.js';
import { describeValue, formatSignedBytes } from '../units.js';
import { isMemoryMonitor } from '../monitor/memory-monitor.js';
import { judgePlateau, type PlateauVerdict } from '../monitor/plateau.js';
import { resolvePlateauOptions } from '../monitor/plateau-options.js';
import type { MatcherContextLike, MatcherOutcome } from './context.js';

const MATCHER = 'toPlateau';

/**
 * `await expect(monitor).toPlateau(options?)`: no sustained growth in the monitor's timeline after warm-up.
 * Judges the samples taken so far; the monitor keeps running (stop it, or let the test end stop it).
 */
export async function toPlateau(context: MatcherContextLike, received: unknown, options?: unknown): Promise<MatcherOutcome<PlateauVerdict>> {
  if (!isMemoryMonitor(received)) {
    throw new LeakproofUsageError(
      `${MATCHER}: expect(received) must be a memory monitor from leakproof.monitor({ interval: '50ms' }); received ${describeValue(received)}`,
    );
  }
  const resolved = resolvePlateauOptions(options, MATCHER);
  const verdict = await judgePlateau(received, resolved, MATCHER);
  const utils = completeUtils(context.utils);
  const hint = utils.matcherHint(MATCHER, 'monitor', options === undefined ? '' : 'options', { isNot: context.isNot, promise: context.promise ?? '' });
  const summary = {
    matcher: MATCHER,
    pass: verdict.pass,
    fullGcs: verdict.fullGcs,
    durationMs: verdict.durationMs,
    headline: verdict.results.map((result) => `${result.metric} ${result.outcome} (${formatSignedBytes(result.slopePerSecond, verdict.unitFamily)}/s)`).join(', '),
    detail: verdict.results.map((result) => `${result.metric}: ${result.reason}`).join('; '),
    timeline: received.timeline.toSummary(),
  };
  return { pass: verdict.pass, message: () => formatPlateauMessage(verdict, utils, hint), verdict, summary };
}
