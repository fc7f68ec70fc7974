import { existsSync } from 'node:fs';
import { BudgetFileError, displayPath } from './budget-file.js';
import { budgetFileFor, readBudgetFile, updateBudgetFile } from './budget-store.js';
import { describeBudgetOutcome } from './message.js';
import { endBudgetSession, keyBelongsTo } from './session.js';
import { budgetUpdateMode, type BudgetUpdateMode } from './update-mode.js';

/** A test of the file that just ran, as the runner saw it. */
export interface FinishedTest {
  /** Full name, as in `currentTestName`. */
  name: string;
  /** Passed: its budgets were all measured. Skipped (-t, .only, .skip), todo or failed tests keep theirs. */
  passed: boolean;
}

export interface BudgetFileReport {
  file: string;
  /** Entries no passing test measured in this run (and that belong to no skipped or failed test). */
  obsolete: string[];
  /** Obsolete entries removed (under -u). */
  removed: string[];
  /** What to print at the end of the test file; empty when there is nothing to say. */
  lines: string[];
}

/**
 * End of a test file (the adapters' afterAll): report budgets written, updated, improved, and the obsolete
 * entries, the way the runners report obsolete snapshots; under -u obsolete entries are removed.
 * `tests` undefined means the runner could not tell which tests ran: obsolete entries are then not judged.
 */
export async function finishBudgetFile(testPath: string, tests: FinishedTest[] | undefined, updateMode: BudgetUpdateMode): Promise<BudgetFileReport | undefined> {
  const file = budgetFileFor(testPath);
  const session = endBudgetSession(file);
  if (!session && !existsSync(file)) return undefined;
  const report: BudgetFileReport = { file, obsolete: [], removed: [], lines: [] };
  const shown = displayPath(file);
  for (const status of ['written', 'updated', 'improved'] as const) {
    const outcomes = (session?.outcomes ?? []).filter((outcome) => outcome.status === status);
    if (outcomes.length === 0) continue;
    report.lines.push(`${outcomes.length} budget${outcomes.length === 1 ? '' : 's'} ${status}:`);
    for (const outcome of outcomes) report.lines.push(`  '${outcome.key}': ${describeBudgetOutcome(outcome)}`);
  }
  if (tests !== undefined && existsSync(file)) {
    let keys: string[];
    try {
      keys = Object.keys(readBudgetFile(file).budgets);
    } catch (error) {
      if (error instanceof BudgetFileError) return report; // the tests that read it already failed with this error
      throw error;
    }
    const kept = tests.filter((test) => !test.passed).map((test) => test.name);
    report.obsolete = keys.filter((key) => !session?.measured.has(key) && !kept.some((name) => keyBelongsTo(key, name)));
    if (report.obsolete.length > 0 && updateMode === 'all') {
      await updateBudgetFile(file, (content) => {
        for (const key of report.obsolete) delete content.budgets[key];
      });
      report.removed = report.obsolete;
      report.lines.push(`${report.removed.length} obsolete budget${report.removed.length === 1 ? '' : 's'} removed: ${report.removed.map((key) => `'${key}'`).join(', ')}`);
    } else if (report.obsolete.length > 0) {
      report.lines.push(
        `${report.obsolete.length} obsolete budget${report.obsolete.length === 1 ? '' : 's'} (no test measured ${report.obsolete.length === 1 ? 'it' : 'them'} in this run): ${report.obsolete.map((key) => `'${key}'`).join(', ')}`,
        '  run the tests with -u (vitest -u / jest -u) to remove obsolete budgets',
      );
    }
  }
  if (report.lines.length > 0) report.lines.unshift(`leakproof budgets in ${shown}:`);
  return report;
}

/**
 * What the adapters' afterAll calls: finish the file's budgets and print what there is to say (console.warn when
 * something needs the user's attention: obsolete entries, improvements to record; console.log otherwise).
 */
export async function reportBudgetsAtEndOfFile(testPath: string | undefined, tests: FinishedTest[] | undefined, snapshotState: unknown): Promise<BudgetFileReport | undefined> {
  if (!testPath) return undefined;
  const report = await finishBudgetFile(testPath, tests, budgetUpdateMode(snapshotState));
  if (!report || report.lines.length === 0) return report;
  const attention = (report.obsolete.length > 0 && report.removed.length === 0) || report.lines.some((line) => line.includes('improved'));
  (attention ? console.warn : console.log)(report.lines.join('\n'));
  return report;
}
