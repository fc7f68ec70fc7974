import { formatCreationFrame } from '../handles/creation-stack.js';
import type { HandleGroup, HandleVerdict } from '../handles/handle-verdict.js';
import type { MatcherUtilsLike } from './matcher-utils.js';

/** `10 handles left open (1 per iteration)` for the Received line. */
export function describeHandlesLeft(verdict: HandleVerdict): string {
  return `${verdict.left} handle${verdict.left === 1 ? '' : 's'} left open (${formatCount(verdict.perIteration)} per iteration)`;
}

/** The `handles` row of the metric table: outcome, count per iteration, reason, active resources before -> after. */
export function formatHandleMetric(verdict: HandleVerdict, utils: MatcherUtilsLike): string[] {
  const pad = ' '.repeat(11);
  const status = verdict.outcome === 'leak' ? utils.RECEIVED_COLOR('LEAK') : utils.EXPECTED_COLOR('ok');
  const excluded: string[] = [];
  if (verdict.allowed > 0) excluded.push(`${verdict.allowed} allowed by option 'allowHandles'`);
  if (verdict.runner > 0) excluded.push(`${verdict.runner} created by the test runner itself`);
  return [
    `  ${'handles'.padEnd(9)}${status}  ${formatCount(verdict.perIteration)} per iteration: ${verdict.left} left open by ${verdict.calls} calls` +
      `${excluded.length > 0 ? ` (not counted: ${excluded.join(', ')})` : ''}`,
    `${pad}${verdict.reason}`,
    `${pad}active resources (process.getActiveResourcesInfo()): ${describeActive(verdict.activeBefore)} before -> ${describeActive(verdict.activeAfter)} after`,
  ];
}

/** The handles a leaking fn left open, grouped by type and creation stack. */
export function formatHandleGroups(verdict: HandleVerdict): string[] {
  const lines = [`handles left open by ${verdict.calls} calls, by type and creation stack (handle check ${formatMs(verdict.durationMs)}):`];
  verdict.groups.forEach((group, index) => lines.push(...formatGroup(group, index)));
  return lines;
}

function formatGroup(group: HandleGroup, index: number): string[] {
  const detail = group.detail ? `${group.detail}; ` : '';
  const lines = [`  #${index + 1} +${group.count} ${group.type} (${detail}${formatCount(group.perIteration)} per iteration)`];
  const origin = group.stack.foreignOnly
    ? ' [no frame of your code: innermost frames]'
    : group.stack.via
      ? ` [node created it later; scheduled here (${group.stack.via})]`
      : '';
  if (group.stack.frames.length === 0) {
    lines.push('      created at: no JS frame (node created it from the event loop, e.g. a connection accepted by a server that existed before)');
  }
  group.stack.frames.forEach((frame, frameIndex) => {
    lines.push(`      ${frameIndex === 0 ? 'created at:' : '           '} ${formatCreationFrame(frame)}${frameIndex === 0 ? origin : ''}`);
  });
  return lines;
}

function describeActive(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return 'none';
  return entries.map(([name, count]) => `${count} ${name}`).join(', ');
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
