import type { GuardOptions, GuardStats, NativeAddon } from '@leakproof/native';
import { LeakproofUsageError } from './errors.js';
import { nativeTracker } from './native.js';
import { integerOption, rejectUnknownOptions, type ByteInput } from './options.js';
import { describeValue, parseBytes } from './units.js';

/**
 * Guard-page mode for native code (GWP-ASan style): a sample of the native allocations made while it is on get page(s)
 * of their own against a PROT_NONE guard page, and freed blocks stay inaccessible in a quarantine. A heap overflow,
 * underflow or use-after-free in an addon then faults at the bad access: the process dies with SIGSEGV after writing a
 * report (kind, access site, allocation stack, free stack) to stderr, and to the file named by LEAKPROOF_GUARD_REPORT.
 */
export interface GuardPageOptions {
  /** 1 (default) guards every allocation; N guards about one in N (per thread). */
  sampleRate?: number;
  /** Freed blocks kept inaccessible before their page is reused. Default 256. */
  quarantine?: number;
  /** Blocks the guard pool holds at once; more pass through to malloc. Default 1024. Fixed once the pool exists. */
  slots?: number;
  /** Largest guarded block, e.g. '16 KiB' (default); larger ones pass through. Fixed once the pool exists. */
  maxSize?: ByteInput;
  /** 'right' (default): a block ends at its guard page, overflows fault. 'left': it starts after one, underflows fault. */
  align?: 'right' | 'left';
  /** 'addons' (default): allocations node itself makes (V8, libuv) are not guarded. 'process': all of them. */
  scope?: 'addons' | 'process';
}

export type GuardPageStats = GuardStats;

const GUARD_OPTION_NAMES = ['sampleRate', 'quarantine', 'slots', 'maxSize', 'align', 'scope'] as const;

/** Validates guard-page options (clear errors naming the option and the accepted form) into the addon's form. */
export function resolveGuardOptions(input: unknown, caller: string): GuardOptions {
  if (input === undefined) return {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new LeakproofUsageError(`${caller}: options must be an object like { sampleRate: 1 }; received ${describeValue(input)}`);
  }
  const options = input as Record<string, unknown>;
  rejectUnknownOptions(options, GUARD_OPTION_NAMES, caller);
  const resolved: GuardOptions = {};
  if (options.sampleRate !== undefined) {
    resolved.sampleRate = integerOption(options.sampleRate, 1, 1, `${caller}: option 'sampleRate'`, '1 guards every allocation, N one in N');
  }
  if (options.quarantine !== undefined) {
    resolved.quarantine = integerOption(options.quarantine, 256, 0, `${caller}: option 'quarantine'`, 'freed blocks kept inaccessible');
  }
  if (options.slots !== undefined) {
    resolved.slots = integerOption(options.slots, 1024, 1, `${caller}: option 'slots'`, 'blocks the guard pool holds at once');
  }
  if (options.maxSize !== undefined) {
    const bytes = parseBytes(options.maxSize, `${caller}: option 'maxSize'`).bytes;
    if (bytes < 1 || bytes > 64 * 1024 * 1024) {
      throw new LeakproofUsageError(`${caller}: option 'maxSize' must be from 1 B to 64 MiB; received ${describeValue(options.maxSize)}`);
    }
    resolved.maxSize = Math.ceil(bytes);
  }
  if (options.align !== undefined) {
    if (options.align !== 'right' && options.align !== 'left') {
      throw new LeakproofUsageError(
        `${caller}: option 'align' must be 'right' (catch overflows) or 'left' (catch underflows); received ${describeValue(options.align)}`,
      );
    }
    resolved.align = options.align;
  }
  if (options.scope !== undefined) {
    if (options.scope !== 'addons' && options.scope !== 'process') {
      throw new LeakproofUsageError(
        `${caller}: option 'scope' must be 'addons' (allocations node itself makes are not guarded) or 'process'; received ${describeValue(options.scope)}`,
      );
    }
    resolved.scope = options.scope;
  }
  if (resolved.quarantine !== undefined && resolved.slots !== undefined && resolved.quarantine > resolved.slots) {
    throw new LeakproofUsageError(`${caller}: option 'quarantine' (${resolved.quarantine}) cannot exceed 'slots' (${resolved.slots})`);
  }
  return resolved;
}

function requireAddon(caller: string): NativeAddon {
  const native = nativeTracker();
  if (!native.ok) throw new LeakproofUsageError(`${caller}: guard pages need the native tracker, which is unavailable: ${native.reason}`);
  return native.addon;
}

/** Turns guard-page mode on for the whole process until disableGuardPages(). */
export function enableGuardPages(options?: GuardPageOptions): GuardPageStats {
  const resolved = resolveGuardOptions(options, 'enableGuardPages');
  return requireAddon('enableGuardPages').guardEnable(resolved);
}

/** Stops guarding new allocations (blocks already guarded stay guarded until freed, freed ones in quarantine). */
export function disableGuardPages(): void {
  const native = nativeTracker();
  if (native.ok) native.addon.guardDisable();
}

/**
 * Runs fn with guard-page mode on, then restores the previous state (still on if it was on before, e.g. through
 * LEAKPROOF_GUARD=1). Returns fn's result. A memory error inside fn ends the process with a report.
 */
export async function withGuardPages<T>(fn: () => T | Promise<T>, options?: GuardPageOptions): Promise<T> {
  if (typeof fn !== 'function') throw new LeakproofUsageError(`withGuardPages: expected a function; received ${describeValue(fn)}`);
  const resolved = resolveGuardOptions(options, 'withGuardPages');
  const addon = requireAddon('withGuardPages');
  const wasOn = addon.guardStats().enabled;
  addon.guardEnable(resolved);
  try {
    return await fn();
  } finally {
    if (!wasOn) addon.guardDisable();
  }
}

/**
 * LEAKPROOF_GUARD=1 turns guard-page mode on when the native tracker is installed; LEAKPROOF_GUARD_SAMPLE_RATE,
 * LEAKPROOF_GUARD_QUARANTINE, LEAKPROOF_GUARD_SLOTS, LEAKPROOF_GUARD_MAX_SIZE, LEAKPROOF_GUARD_ALIGN and
 * LEAKPROOF_GUARD_SCOPE set its options.
 * Returns undefined when LEAKPROOF_GUARD is unset, '' or '0'.
 */
export function guardOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): GuardOptions | undefined {
  const flag = env.LEAKPROOF_GUARD;
  if (flag === undefined || flag === '' || flag === '0' || flag === 'false') return undefined;
  if (flag !== '1' && flag !== 'true') {
    throw new LeakproofUsageError(`LEAKPROOF_GUARD must be 1 (on) or 0 (off); received ${describeValue(flag)}`);
  }
  const integer = (name: string): number | undefined => {
    const text = env[name];
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!/^\d+$/.test(text.trim())) throw new LeakproofUsageError(`${name} must be a whole number; received ${describeValue(text)}`);
    return value;
  };
  const options: Record<string, unknown> = {
    sampleRate: integer('LEAKPROOF_GUARD_SAMPLE_RATE'),
    quarantine: integer('LEAKPROOF_GUARD_QUARANTINE'),
    slots: integer('LEAKPROOF_GUARD_SLOTS'),
    maxSize: env.LEAKPROOF_GUARD_MAX_SIZE || undefined,
    align: env.LEAKPROOF_GUARD_ALIGN || undefined,
    scope: env.LEAKPROOF_GUARD_SCOPE || undefined,
  };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return resolveGuardOptions(options, 'LEAKPROOF_GUARD');
}

/** Applies LEAKPROOF_GUARD (called once, right after the addon is installed). */
export function applyGuardEnv(addon: NativeAddon): void {
  const options = guardOptionsFromEnv();
  if (options) addon.guardEnable(options);
}
