import { LeakproofUsageError } from '../errors.js';
import { integerOption, rejectUnknownOptions, type ByteInput } from '../options.js';
import { describeValue, parseBytes, type UnitFamily } from '../units.js';

export interface AllocationLimits {
  /** Native allocations (malloc family + operator new) per call, at most. Needs the native tracker. */
  count?: number;
  /** Native bytes allocated per call (freed or not), at most. Needs the native tracker. */
  bytes?: ByteInput;
  /** JS heap bytes allocated per call (garbage included), at most. */
  js?: ByteInput;
  /** Measured calls per round. Default 100. */
  calls?: number;
  /** Calls before measuring (JIT tiers: unoptimized code boxes doubles and allocates more; lazy init; pools). Default 100. */
  warmup?: number;
  /** Rounds of `calls` calls at least; more (up to 10x) until the lowest value repeats, which counts. Default 3. */
  rounds?: number;
  /** Native allocations of which threads: 'current' (the JS thread: exact, default) or 'all' (threadpool work too, noisier). */
  threads?: 'current' | 'all';
}

export interface ResolvedAllocationLimits {
  count: number | undefined;
  bytes: number | undefined;
  js: number | undefined;
  calls: number;
  warmup: number;
  rounds: number;
  threads: 'current' | 'all';
  unitFamily: UnitFamily;
}

export const ALLOCATION_DEFAULTS = { calls: 100, warmup: 100, rounds: 3, threads: 'current' } as const;

const ALLOCATION_OPTION_NAMES = ['count', 'bytes', 'js', 'calls', 'warmup', 'rounds', 'threads'] as const;

/** `toAllocateAtMost(limits)`; `nativeUnavailable` is why the tracker cannot be used (count / bytes then fail). */
export function resolveAllocationLimits(input: unknown, matcher: string, nativeUnavailable: string | undefined): ResolvedAllocationLimits {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new LeakproofUsageError(
      `${matcher}: limits must be an object like { count: 10, bytes: '4 KiB' } (native, per call) or { js: '1 KiB' } (JS heap, per call); received ${describeValue(input)}`,
    );
  }
  const options = input as Record<string, unknown>;
  rejectUnknownOptions(options, ALLOCATION_OPTION_NAMES, matcher);
  let count: number | undefined;
  if (options.count !== undefined) {
    if (typeof options.count !== 'number' || !Number.isFinite(options.count) || options.count < 0) {
      throw new LeakproofUsageError(`${matcher}: option 'count' must be a number >= 0 (native allocations per call); received ${describeValue(options.count)}`);
    }
    count = options.count;
  }
  let unitFamily: UnitFamily = 'si';
  let bytes: number | undefined;
  if (options.bytes !== undefined) {
    const size = parseBytes(options.bytes, `${matcher}: option 'bytes'`);
    bytes = size.bytes;
    unitFamily = size.family;
  }
  let js: number | undefined;
  if (options.js !== undefined) {
    const size = parseBytes(options.js, `${matcher}: option 'js'`);
    js = size.bytes;
    unitFamily = size.family;
  }
  if (count === undefined && bytes === undefined && js === undefined) {
    throw new LeakproofUsageError(`${matcher}: give at least one limit: count (native allocations per call), bytes (native bytes per call) or js (JS heap bytes per call)`);
  }
  if ((count !== undefined || bytes !== undefined) && nativeUnavailable !== undefined) {
    throw new LeakproofUsageError(
      `${matcher}: option '${count !== undefined ? 'count' : 'bytes'}' counts native allocations, but the native tracker is unavailable: ${nativeUnavailable}. Use { js } alone to bound JS heap allocation.`,
    );
  }
  const calls = integerOption(options.calls, ALLOCATION_DEFAULTS.calls, 1, `${matcher}: option 'calls'`, 'calls measured per round');
  const warmup = integerOption(options.warmup, ALLOCATION_DEFAULTS.warmup, 0, `${matcher}: option 'warmup'`, 'calls before measuring');
  const rounds = integerOption(options.rounds, ALLOCATION_DEFAULTS.rounds, 1, `${matcher}: option 'rounds'`, 'measured rounds; the lowest counts');
  let threads: 'current' | 'all' = ALLOCATION_DEFAULTS.threads;
  if (options.threads !== undefined) {
    if (options.threads !== 'current' && options.threads !== 'all') {
      throw new LeakproofUsageError(`${matcher}: option 'threads' must be 'current' or 'all'; received ${describeValue(options.threads)}`);
    }
    threads = options.threads;
  }
  return { count, bytes, js, calls, warmup, rounds, threads, unitFamily };
}
