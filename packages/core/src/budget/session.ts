import type { BudgetOutcome } from './outcome.js';

/** What this worker did with one budget file during the current run of its test file. */
export interface BudgetFileSession {
  /** Budgeted assertions per test name, for `#2` keys (like snapshot counters). */
  readonly counts: Map<string, number>;
  /** Keys measured in this run: never obsolete. */
  readonly measured: Set<string>;
  readonly outcomes: BudgetOutcome[];
}

const sessions = new Map<string, BudgetFileSession>();

export function budgetSession(file: string): BudgetFileSession {
  let session = sessions.get(file);
  if (!session) {
    session = { counts: new Map(), measured: new Set(), outcomes: [] };
    sessions.set(file, session);
  }
  return session;
}

/** The next key for a budgeted assertion in `testName`: the name itself, then `name #2`, `name #3`. */
export function nextBudgetKey(session: BudgetFileSession, testName: string): string {
  const count = (session.counts.get(testName) ?? 0) + 1;
  session.counts.set(testName, count);
  return count === 1 ? testName : `${testName} #${count}`;
}

/** True when `key` belongs to the test called `testName` (its first budget or a `#n` one). */
export function keyBelongsTo(key: string, testName: string): boolean {
  return key === testName || (key.startsWith(`${testName} #`) && /^\d+$/.test(key.slice(testName.length + 2)));
}

/** Forgets a file's session once its end-of-file report is made (a watch-mode rerun starts afresh). */
export function endBudgetSession(file: string): BudgetFileSession | undefined {
  const session = sessions.get(file);
  sessions.delete(file);
  return session;
}
