import { reportBudgetsAtEndOfFile, type FinishedTest } from '@leakproof/core';

/** The parts of Vitest's File / Suite / Test tasks (4.x and 5.x) the end-of-file budget report reads. */
interface VitestTaskLike {
  type: string;
  name: string;
  mode?: string;
  filepath?: string;
  tasks?: VitestTaskLike[];
  result?: { state?: string };
}

type AfterAll = (hook: () => Promise<void>) => void;
type AfterEach = (hook: (context: { task: { file?: VitestTaskLike } }) => void) => void;
type HookApi = { afterAll?: AfterAll; afterEach?: AfterEach };

/** Every test of the file with its full name as in `currentTestName` (suite names joined with ' > '). */
export function finishedTests(file: VitestTaskLike): FinishedTest[] {
  const tests: FinishedTest[] = [];
  const walk = (task: VitestTaskLike, prefix: string[]): void => {
    for (const child of task.tasks ?? []) {
      const names = [...prefix, child.name];
      if (child.type === 'suite') walk(child, names);
      else if (child.type === 'test') tests.push({ name: names.join(' > '), passed: child.result?.state === 'pass' });
    }
  };
  walk(file, []);
  return tests;
}

/**
 * Registers the end-of-file budget report (written, improved, obsolete; obsolete removed under -u) as an afterAll
 * hook of every test file, on the Vitest that is running (its index module, or the globals).
 */
export function registerBudgetReport(expectState: () => { snapshotState?: unknown } | undefined): void {
  const runningVitest = (globalThis as { __vitest_index__?: HookApi }).__vitest_index__;
  const hooks = typeof runningVitest?.afterAll === 'function' ? runningVitest : (globalThis as HookApi);
  const { afterAll, afterEach } = hooks;
  if (typeof afterAll !== 'function' || typeof afterEach !== 'function') return;
  // Vitest 4+ hands hooks a test context first (parsed for fixtures: it must be destructured), so the file task
  // is taken from each test's context rather than from afterAll's suite argument.
  let file: VitestTaskLike | undefined;
  afterEach(({ task }) => {
    file = task.file;
  });
  afterAll(async () => {
    if (!file) return; // no test ran in this file (all skipped or filtered): nothing to judge
    await reportBudgetsAtEndOfFile(file.filepath, finishedTests(file), expectState()?.snapshotState);
  });
}
