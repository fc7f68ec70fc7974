import { LeakproofUsageError } from '../errors.js';
import type { CycleFn } from '../harness.js';
import { describeValue } from '../units.js';
import type { MatcherContextLike } from './context.js';

export function assertFunction(received: unknown, matcher: string): asserts received is CycleFn {
  if (typeof received !== 'function') {
    throw new LeakproofUsageError(
      `${matcher}: expect(received) must be a function, the call cycle to measure (sync or async), e.g. expect(() => startAndEndCall()).${matcher}(); received ${describeValue(received)}`,
    );
  }
}

export function assertNotConcurrent(context: MatcherContextLike, matcher: string): void {
  if (context.concurrent) {
    throw new LeakproofUsageError(
      `${matcher}: cannot measure memory inside a concurrent test ('${context.currentTestName ?? 'unknown'}'): concurrent tests share one heap and would see each other's allocations. Remove .concurrent from this test (or its describe).`,
    );
  }
}
