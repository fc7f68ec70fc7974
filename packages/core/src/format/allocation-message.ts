import type { AllocationVerdict } from '../allocation/measure-allocations.js';
import type { AllocationProfileSummary } from '../host.js';
import { formatBytes, type UnitFamily } from '../units.js';
import { formatDuration } from './leak-message.js';
import type { MatcherUtilsLike } from './matcher-utils.js';

const perCallNumber = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** `12 allocations, 5.2 KiB native, 1.02 kB JS per call` */
export function summarizeAllocations(verdict: AllocationVerdict): string {
  const family = verdict.unitFamily;
  const parts: string[] = [];
  if (verdict.native) {
    parts.push(`${perCallNumber(verdict.native.countPerCall)} native allocation${verdict.native.countPerCall === 1 ? '' : 's'} (${formatBytes(verdict.native.bytesPerCall, family)})`);
  }
  if (verdict.js) parts.push(`${formatBytes(verdict.js.bytesPerCall, family)} JS heap`);
  return `${parts.join(', ')} per call`;
}

/** Message for `toAllocateAtMost`: each limit against the per-call figure, the rounds, and the native profile. */
export function formatAllocationMessage(verdict: AllocationVerdict, utils: MatcherUtilsLike, hint: string, isNot: boolean): string {
  const family = verdict.unitFamily;
  const { native, js } = verdict;
  const expected: string[] = [];
  if (native?.countLimit !== undefined) expected.push(`${perCallNumber(native.countLimit)} native allocation${native.countLimit === 1 ? '' : 's'}`);
  if (native?.bytesLimit !== undefined) expected.push(`${formatBytes(native.bytesLimit, family)} native`);
  if (js) expected.push(`${formatBytes(js.limit, family)} JS heap`);
  const lines = [hint, ''];
  lines.push(`Expected: ${isNot ? 'more than' : 'at most'} ${utils.EXPECTED_COLOR(expected.join(', '))} per call`);
  lines.push(`Received: ${utils.RECEIVED_COLOR(summarizeAllocations(verdict))}`);
  lines.push('');
  if (native) {
    const mark = (exceeded: boolean): string => (exceeded ? utils.RECEIVED_COLOR('>') : utils.EXPECTED_COLOR('<='));
    const count = `${perCallNumber(native.countPerCall)} per call`;
    const countLimit = native.countLimit === undefined ? '(no limit)' : `${mark(native.countExceeded)} ${perCallNumber(native.countLimit)}`;
    lines.push(`  native   count ${count.padStart(16)} ${countLimit}   (rounds of ${verdict.calls} calls: ${native.countPerRound.map(perCallNumber).join(', ')}; lowest taken)`);
    const bytes = `${formatBytes(native.bytesPerCall, family)} per call`;
    const bytesLimit = native.bytesLimit === undefined ? '(no limit)' : `${mark(native.bytesExceeded)} ${formatBytes(native.bytesLimit, family)}`;
    lines.push(`           bytes ${bytes.padStart(16)} ${bytesLimit}   (malloc family + operator new, freed or not)`);
    if (native.baselineCountPerCall > 0) lines.push(`           an empty loop allocated ${perCallNumber(native.baselineCountPerCall)} per call here; subtracted`);
    if (native.confirmationRounds > 0) {
      lines.push(
        `           over its limit by no more than the rounds varied at first: ${native.confirmationRounds} more rounds of fn measured to decide (engine allocations on this thread come in some rounds only)`,
      );
    }
    if (native.profile) lines.push('', ...formatAllocationProfile(native.profile, family));
  }
  if (js) {
    const mark = js.exceeded ? utils.RECEIVED_COLOR('>') : utils.EXPECTED_COLOR('<=');
    lines.push(
      `  js       bytes ${`${formatBytes(js.bytesPerCall, family)} per call`.padStart(16)} ${mark} ${formatBytes(js.limit, family)}   ` +
        `(rounds of ${verdict.calls} calls: ${js.bytesPerRound.map((value) => formatBytes(value, family)).join(', ')}; lowest repeated taken, empty loop ${formatBytes(js.baselinePerCall, family)} subtracted; ${js.gcs} GCs)`,
    );
    if (js.emptyAsyncPerCall !== undefined) {
      lines.push(`           fn is async: an empty async function allocates ${formatBytes(js.emptyAsyncPerCall, family)} per awaited call here (its promise and the await; included above)`);
    }
  }
  for (const note of verdict.notes) lines.push(`note: ${note}`);
  lines.push('');
  lines.push(`cost: ${verdict.warmup} warm-up calls, rounds of ${verdict.calls} calls (at least ${verdict.rounds} per kind), ${formatDuration(verdict.durationMs)}`);
  return lines.join('\n');
}

/** The size histogram and top stacks, per call: what to pool. */
export function formatAllocationProfile(profile: AllocationProfileSummary, family: UnitFamily): string[] {
  const lines = ['  native allocation sizes (per call):'];
  let previous = 0;
  for (const sizeClass of profile.sizeClasses) {
    const range = sizeClass.upTo < 0 ? `> ${formatBytes(previous, 'iec')}` : `<= ${formatBytes(sizeClass.upTo, 'iec')}`;
    if (sizeClass.upTo >= 0) previous = sizeClass.upTo;
    const blocks = sizeClass.count / profile.calls;
    lines.push(`    ${range.padEnd(12)} ${perCallNumber(blocks).padStart(8)} block${blocks === 1 ? ' ' : 's'}  ${formatBytes(sizeClass.bytes / profile.calls, family).padStart(9)}`);
  }
  if (profile.topStacks.length > 0) lines.push('  top allocating stacks (per call):');
  for (const stack of profile.topStacks) {
    lines.push(`    ${perCallNumber(stack.count / profile.calls)} x ${stack.kind}, ${formatBytes(stack.bytes / profile.calls, family)}`);
    if (stack.frames.length === 0) lines.push('      (no frames outside the allocator)');
    for (const frame of stack.frames.slice(0, 6)) lines.push(`      ${frame}`);
  }
  return lines;
}
