import { LeakproofUsageError } from './errors.js';
import { describeValue } from './units.js';

const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/;
const FACTOR: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

/** Parses a duration: a number of milliseconds, or `'500ms'`, `'5s'`, `'2m'`. */
export function parseDuration(input: unknown, optionName: string): number {
  if (typeof input === 'number' && Number.isFinite(input) && input > 0) return input;
  if (typeof input === 'string') {
    const match = DURATION_PATTERN.exec(input);
    if (match) {
      const ms = Number(match[1]) * (FACTOR[match[2] ?? 'ms'] ?? 1);
      if (ms > 0) return ms;
    }
  }
  throw new LeakproofUsageError(
    `${optionName} must be a positive number of milliseconds or a string like '500ms', '5s', '2m'; received ${describeValue(input)}`,
  );
}
