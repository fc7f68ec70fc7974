import type { CreationStack } from './creation-stack.js';

/** Handles of one type created at one place, still open after fn settled. */
export interface HandleGroup {
  /** async_hooks type: 'Timeout', 'TCPSERVERWRAP', 'TCPWRAP', 'FSEVENTWRAP', 'PROCESSWRAP', 'PIPEWRAP', ... */
  type: string;
  /** What kind of timer: 'setInterval 1000 ms', 'setTimeout 60000 ms'; undefined for other handles. */
  detail?: string | undefined;
  count: number;
  /** count / probe calls. */
  perIteration: number;
  stack: CreationStack;
}

export interface HandleVerdict {
  outcome: 'pass' | 'leak';
  /** One sentence: why this outcome. */
  reason: string;
  /** Calls of fn in the probe (after its warm-up). */
  calls: number;
  /** Handles created by the probe calls, still open and ref'd after the settle turns, not allowed. */
  left: number;
  perIteration: number;
  /** How many of the probe calls left at least one such handle. */
  callsLeaving: number;
  /** Left handles matched by option `allowHandles`. */
  allowed: number;
  /** Left handles created by the test runner's own code (its IPC, its timers), not by fn. */
  runner: number;
  groups: HandleGroup[];
  /** `process.getActiveResourcesInfo()` counted by name before the probe calls and after the settle turns. */
  activeBefore: Record<string, number>;
  activeAfter: Record<string, number>;
  /** Time waited after the last call for handles that were closing. */
  settleMs: number;
  durationMs: number;
}
