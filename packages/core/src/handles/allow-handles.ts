import { LeakproofUsageError } from '../errors.js';
import { describeValue } from '../units.js';

/** An intended handle: its type as the message prints it ('Timeout', 'TCPSERVERWRAP'), or a RegExp on type + creation stack. */
export type HandleAllowRule = string | RegExp;

const ACCEPTED =
  "an array of handle types as the message prints them ('Timeout', 'TCPSERVERWRAP', 'TCPWRAP', 'FSEVENTWRAP', 'PROCESSWRAP', 'PIPEWRAP') " +
  'or RegExps tested against the type and the creation stack (e.g. /metrics-reporter\\.ts/)';

/** Validates option `allowHandles`. */
export function resolveAllowHandles(value: unknown, matcher: string): HandleAllowRule[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' || isRegExp(value) ? [value] : value;
  if (!Array.isArray(list)) {
    throw new LeakproofUsageError(`${matcher}: option 'allowHandles' must be ${ACCEPTED}; received ${describeValue(value)}`);
  }
  return list.map((rule: unknown, index) => {
    if (isRegExp(rule)) return rule;
    if (typeof rule === 'string' && rule.trim() !== '') return rule.trim();
    throw new LeakproofUsageError(`${matcher}: option 'allowHandles[${index}]' must be a non-empty handle type or a RegExp (${ACCEPTED}); received ${describeValue(rule)}`);
  });
}

/** The rule that allows a handle of `type` created at `stack`, if any. A string names the type (case-insensitive). */
export function allowingRule(type: string, stack: string, rules: readonly HandleAllowRule[]): HandleAllowRule | undefined {
  return rules.find((rule) => {
    if (typeof rule === 'string') return rule.toLowerCase() === type.toLowerCase();
    rule.lastIndex = 0;
    return rule.test(`${type}\n${stack}`);
  });
}

/** RegExps from another realm (Jest's vm context) fail `instanceof RegExp`. */
function isRegExp(value: unknown): value is RegExp {
  return Object.prototype.toString.call(value) === '[object RegExp]';
}
