// One corpus case: a call cycle whose verdict is known in advance.
// `kind: 'leak'` — toNotLeak must fail with a LEAK verdict; `kind: 'clean'` — toNotLeak must pass.
import type { LeakOptions } from '@leakproof/core';

export type LeakMetricName = 'heap' | 'external' | 'native';

export interface CorpusCase {
  /** One line: what the cycle does and why it leaks or not. */
  description: string;
  kind: 'leak' | 'clean';
  cycle: () => unknown | Promise<unknown>;
  /** toNotLeak options; the defaults when absent (the corpus is meant to run on defaults). */
  options?: LeakOptions;
  /** The metric expected to catch the leak (documentation; the runner reports which one did). */
  expect?: LeakMetricName | LeakMetricName[];
  /** Returns a reason when the case cannot run here (e.g. a Node built-in missing on Node 20). */
  unavailable?: () => string | undefined;
  /** A false positive or miss seen in a recorded run, with its cause (see RESULTS.md). The expectation stays. */
  knownIssue?: string;
  /** Test timeout in ms (default 30 s). */
  timeout?: number;
}
