import { formatBytes, formatSignedBytes, type UnitFamily } from '../units.js';
import type { LeakVerdict, MetricVerdict } from '../verdict.js';
import type { MatcherUtilsLike } from './matcher-utils.js';
import { sparklineOverX } from './sparkline.js';
import type { NativeDiagnosis } from '../native-diagnosis.js';
import { formatHeapDiagnosis } from './heap-diagnosis.js';
import type { NativeFrame } from '@leakproof/native';
import { describeHandlesLeft, formatHandleGroups, formatHandleMetric } from './handle-message.js';

const count = new Intl.NumberFormat('en-US');

/** Failure (or `.not`) message for `toNotLeak`, with the evidence for every metric. */
export function formatLeakMessage(verdict: LeakVerdict, utils: MatcherUtilsLike, hint: string): string {
  const family = verdict.unitFamily;
  const lines: string[] = [hint, ''];
  const leaking = verdict.metrics.filter((metric) => metric.outcome === 'leak');
  const undecided = verdict.metrics.filter((metric) => metric.outcome === 'inconclusive');
  const handles = verdict.handles;
  const expected = [
    ...(verdict.metrics.length > 0 ? [`no growth per iteration above ${describeThresholds(verdict.metrics, family)}`] : []),
    ...(handles ? ['no handles left open'] : []),
  ].join(', ');
  if (leaking.length > 0 || handles?.outcome === 'leak') {
    lines.push(`Expected: ${expected}`);
    const received = leaking.map((metric) => `${metric.metric} grows ${formatBytes(metric.slopePerIteration, family)} per iteration`);
    if (handles?.outcome === 'leak') received.push(describeHandlesLeft(handles));
    lines.push(`Received: ${utils.RECEIVED_COLOR(received.join(', '))}`);
  } else if (undecided.length > 0) {
    lines.push('Expected: a verdict within the time budget');
    lines.push(`Received: ${utils.RECEIVED_COLOR(`inconclusive for ${undecided.map((metric) => metric.metric).join(', ')}`)}`);
  } else {
    lines.push(`Received: ${utils.EXPECTED_COLOR('no leak')} (${expected})`);
  }
  lines.push('');
  for (const metric of verdict.metrics) lines.push(...formatMetric(metric, family, utils));
  if (handles) lines.push(...formatHandleMetric(handles, utils));
  if (verdict.heapDiagnosis) lines.push('', ...formatHeapDiagnosis(verdict.heapDiagnosis, family));
  if (handles && handles.groups.length > 0 && handles.outcome === 'leak') lines.push('', ...formatHandleGroups(handles));
  if (verdict.nativeDiagnosis) lines.push('', ...formatNativeDiagnosis(verdict.nativeDiagnosis, family));
  for (const note of verdict.notes) lines.push(`note: ${note}`);
  lines.push('');
  lines.push(
    `cost: ${count.format(verdict.fullGcs)} full GCs, ${count.format(verdict.calls)} calls of fn (${verdict.warmup} warm-up), ${formatDuration(verdict.durationMs)}`,
  );
  return lines.join('\n');
}

function describeThresholds(metrics: readonly MetricVerdict[], family: UnitFamily): string {
  const distinct = new Set(metrics.map((metric) => metric.threshold));
  if (distinct.size === 1) return formatBytes(metrics[0]?.threshold ?? 0, family);
  return metrics.map((metric) => `${formatBytes(metric.threshold, family)} (${metric.metric})`).join(', ');
}

function formatMetric(metric: MetricVerdict, family: UnitFamily, utils: MatcherUtilsLike): string[] {
  const label = metric.metric.padEnd(9);
  const pad = ' '.repeat(11);
  const status =
    metric.outcome === 'leak'
      ? utils.RECEIVED_COLOR('LEAK')
      : metric.outcome === 'inconclusive'
        ? utils.RECEIVED_COLOR('INCONCLUSIVE')
        : utils.EXPECTED_COLOR('ok');
  const lines = [
    `  ${label}${status}  ${formatSignedBytes(metric.slopePerIteration, family)} per iteration (slope), ` +
      `${formatSignedBytes(metric.growthPerIteration, family)} mean, threshold ${formatBytes(metric.threshold, family)}`,
    `${pad}${metric.reason}`,
  ];
  const first = metric.series[0];
  const last = metric.series.at(-1);
  if (first !== undefined && last !== undefined) {
    lines.push(
      `${pad}series ${sparklineOverX(metric.seriesCalls, metric.series)}  ${metric.series.length} samples after full GC (x: calls), ` +
        `${formatBytes(first, family)} -> ${formatBytes(last, family)}; growth inside phases ${formatSignedBytes(metric.totalGrowth, family)} over ${count.format(metric.iterations)} iterations`,
    );
  }
  const idle = metric.idle;
  if (idle && !idle.released) {
    lines.push(
      `${pad}kept while idle: gave back ${formatSignedBytes(idle.before - idle.after, family)} of ${formatSignedBytes(idle.grown, family)} grown in phases 2+ ` +
        `after ${Math.round(idle.waitedMs)} ms idle and ${idle.idleSamples} full GCs (${formatSignedBytes(idle.keptPerCall, family)} per iteration kept)`,
    );
  }
  const recheck = metric.recheck;
  if (recheck) {
    lines.push(
      `${pad}settled re-check: ${formatSignedBytes(recheck.keptPerCall, family)} per iteration over ${count.format(recheck.calls)} more iterations ` +
        `(${formatBytes(recheck.settledBefore, family)} -> ${formatBytes(recheck.settledAfter, family)}, each sample taken once idle released nothing; ${formatDuration(recheck.durationMs)})`,
    );
  }
  if (metric.outcome !== 'pass' || metric.phases.length > 1) {
    lines.push(`${pad}phase  samples x calls  slope/it   mean/it    deltas up  largest step  state`);
    metric.phases.forEach((phase, index) => {
      lines.push(
        `${pad}${String(index + 1).padStart(5)}  ${`${phase.samples} x ${phase.batch}`.padStart(15)}  ` +
          `${formatBytes(phase.slopePerCall, family).padStart(9)}  ${formatBytes(phase.netPerCall, family).padStart(9)}  ` +
          `${`${Math.round(phase.positiveShare * 100)}%`.padStart(9)}  ${formatBytes(phase.largestStep, family).padStart(12)}  ${phase.state}` +
          (phase.hidingDrop === undefined ? '' : ` (flat only through drops of ${formatBytes(phase.hidingDrop, family)})`),
      );
    });
  }
  return lines;
}

/** The leaking native stacks: bytes x count per iteration, then `function (file:line)` frames. */
export function formatNativeDiagnosis(diagnosis: NativeDiagnosis, family: UnitFamily): string[] {
  const header = `native allocations still live after ${diagnosis.iterations} more iterations, by allocation stack (full stacks, ${formatDuration(diagnosis.durationMs)}):`;
  const lines = [header];
  diagnosis.stacks.forEach((stack, index) => {
    const perIteration = `${formatBytes(stack.bytesPerIteration, family)} x ${formatCount(stack.countPerIteration)} per iteration`;
    const origin = stack.stacks === 'cheap' ? '; frame-pointer stack from the measurement' : '';
    lines.push(`  #${index + 1} ${perIteration} (${stack.kind}; ${stack.count} blocks, ${formatBytes(stack.bytes, family)} in all${origin})`);
    if (stack.frames.length === 0) lines.push('      (no frames outside the allocator)');
    for (const frame of stack.frames) lines.push(`      ${formatFrame(frame)}`);
  });
  return lines;
}

export function formatFrame(frame: NativeFrame): string {
  const where = frame.file ? `${frame.file}:${frame.line ?? '?'}` : frame.module.split('/').at(-1) ?? frame.module;
  return `${frame.function || frame.address} (${where})`;
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
