import type { HeapDiagnosis, HeapLeakGroup } from '../diagnosis/heap-diagnosis.js';
import type { AllocationFrame } from '../diagnosis/allocation-stack.js';
import type { ClosureSite } from '../diagnosis/closure-site.js';
import { formatBytes, type UnitFamily } from '../units.js';
import { formatDuration } from './leak-message.js';

/** The JS heap diagnosis of a `heap` leak: leaked classes, their retainer paths and allocation stacks. */
export function formatHeapDiagnosis(diagnosis: HeapDiagnosis, family: UnitFamily): string[] {
  const calls = diagnosis.windows[0] + diagnosis.windows[1];
  const lines = [
    `JS objects left by ${calls} more iterations (${diagnosis.windows[0]} + ${diagnosis.windows[1]}), by class and retainer path ` +
      `(heap snapshot at ${formatBytes(diagnosis.heapBytes, family)}, diagnosis ${formatDuration(diagnosis.durationMs)}):`,
  ];
  diagnosis.groups.forEach((group, index) => lines.push(...formatGroup(group, index, family)));
  if (diagnosis.note) lines.push(`  ${diagnosis.note}`);
  if (diagnosis.snapshotFile) lines.push(`  heap snapshot kept: ${diagnosis.snapshotFile} (open in Chrome DevTools > Memory > Load)`);
  return lines;
}

function formatGroup(group: HeapLeakGroup, index: number, family: UnitFamily): string[] {
  const total = group.counts[0] + group.counts[1];
  const held = Object.entries(group.holds)
    .map(([name, perIteration]) => `${formatCount(perIteration)} ${name}`)
    .join(', ');
  const lines = [
    `  #${index + 1} +${total} ${group.className} (${formatCount(group.countPerIteration)} per iteration: ${group.counts[0]} + ${group.counts[1]}; ` +
      `${formatBytes(group.bytesPerIteration, family)} shallow per iteration${held ? `; they hold ${held} per iteration` : ''})`,
    `      retained by: ${group.path.join(' -> ')}`,
  ];
  if (group.allocation.length === 0) {
    lines.push('      allocated at: not recorded (no frame of your code on the allocation stacks V8 recorded)');
  } else {
    group.allocation.forEach((frame, frameIndex) => {
      lines.push(`      ${frameIndex === 0 ? 'allocated at:' : '             '} ${formatFrame(frame)}`);
    });
  }
  if (group.closure) lines.push(`      function:     ${formatClosure(group.closure)}`);
  return lines;
}

function formatFrame(frame: AllocationFrame): string {
  const where = `${frame.file}:${frame.line}`;
  const precision = frame.precision === 'function start' ? ' [function start]' : frame.precision === 'transformed code' ? ' [function start in transformed code: no source map]' : '';
  return `${frame.functionName} (${where})${precision}`;
}

function formatClosure(site: ClosureSite): string {
  const where = `${site.file}:${site.line}${site.transformed ? ' [transformed code: no source map]' : ''}`;
  return `${site.functionName} defined at ${where}${site.via ? ` (${site.via})` : ''}`;
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
