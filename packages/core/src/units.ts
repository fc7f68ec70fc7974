import { LeakproofUsageError } from './errors.js';

/** Which family of units the user wrote, so output can speak the same language. */
export type UnitFamily = 'si' | 'iec';

export interface ByteSize {
  bytes: number;
  family: UnitFamily;
}

const UNIT_FACTORS: Record<string, { factor: number; family: UnitFamily }> = {
  B: { factor: 1, family: 'si' },
  kB: { factor: 1e3, family: 'si' },
  KB: { factor: 1e3, family: 'si' },
  MB: { factor: 1e6, family: 'si' },
  GB: { factor: 1e9, family: 'si' },
  KiB: { factor: 1024, family: 'iec' },
  MiB: { factor: 1024 ** 2, family: 'iec' },
  GiB: { factor: 1024 ** 3, family: 'iec' },
};

export const ACCEPTED_BYTE_FORMS =
  "a number of bytes, or a string '<number> <unit>' with unit B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. '20 MB'";

const BYTE_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]*)\s*$/;

/** Parses `'20 MB'`, `'1.5 GiB'`, `'512 B'` or a number of bytes. `optionName` names the option in errors. */
export function parseBytes(input: unknown, optionName: string): ByteSize {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) {
      throw new LeakproofUsageError(`${optionName} must be ${ACCEPTED_BYTE_FORMS}; received ${String(input)}`);
    }
    return { bytes: input, family: 'si' };
  }
  if (typeof input !== 'string') {
    throw new LeakproofUsageError(`${optionName} must be ${ACCEPTED_BYTE_FORMS}; received ${describeValue(input)}`);
  }
  const match = BYTE_PATTERN.exec(input);
  const unitText = match?.[2] === '' ? 'B' : match?.[2];
  const unit = unitText === undefined ? undefined : UNIT_FACTORS[unitText];
  if (!match || !unit) {
    const hint = unitText ? suggestUnit(unitText) : undefined;
    throw new LeakproofUsageError(
      `${optionName}: '${input}' is not a byte size${hint ? ` (did you mean '${match?.[1]} ${hint}'?)` : ''}; use ${ACCEPTED_BYTE_FORMS}`,
    );
  }
  return { bytes: Number(match[1]) * unit.factor, family: unit.family };
}

function suggestUnit(written: string): string | undefined {
  const lower = written.toLowerCase();
  const table: Record<string, string> = {
    b: 'B', byte: 'B', bytes: 'B', k: 'kB', kb: 'kB', m: 'MB', mb: 'MB', meg: 'MB', megs: 'MB', g: 'GB', gb: 'GB',
    kib: 'KiB', mib: 'MiB', gib: 'GiB',
  };
  return table[lower];
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

const SI_STEPS = ['B', 'kB', 'MB', 'GB'] as const;
const IEC_STEPS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** Formats bytes with at most 3 significant digits in the given unit family: `32 B`, `1.02 kB`, `20 MiB`. */
export function formatBytes(bytes: number, family: UnitFamily = 'si'): string {
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const base = family === 'iec' ? 1024 : 1000;
  const steps = family === 'iec' ? IEC_STEPS : SI_STEPS;
  let step = 0;
  while (value >= base && step < steps.length - 1) {
    value /= base;
    step++;
  }
  const digits = step === 0 ? (Number.isInteger(value) ? 0 : 1) : value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const text = value.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  return `${sign}${text} ${steps[step]}`;
}

/** `+32 B` / `-1.2 kB` / `0 B`. */
export function formatSignedBytes(bytes: number, family: UnitFamily = 'si'): string {
  return bytes > 0 ? `+${formatBytes(bytes, family)}` : formatBytes(bytes, family);
}
