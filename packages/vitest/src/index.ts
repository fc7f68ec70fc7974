import { expect } from 'vitest';
import { leakproofMatchers } from './matchers.js';
import type { LeakproofMatchers } from './types.js';

expect.extend(leakproofMatchers);

/*
 * Typings for Vitest 4 (`interface Matchers<T = any>`) and Vitest 5 (`interface Matchers<R, T>`): every type
 * parameter of both declarations has a default, so a declaration with no type parameters merges with either.
 * Our matchers return Promise<void> whatever the assertion's return type, so they need none.
 */
declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Matchers extends LeakproofMatchers {}
}

export { leakproofMatchers, toNotLeak, toStayUnder } from './matchers.js';
export type { LeakproofMatchers, PeakLimit, LeakOptions, ByteInput } from './types.js';
