import { beforeAll, describe, expect, test } from 'vitest';
import { jestRuntimes, runJestFixtures } from './run-jest.js';
import { availableRuntimes, runVitestFixtures, sharedFixtures, testAddonLoader, type FixtureRun } from './run-vitest.js';

/**
 * The essential lines of a failure message, with the numbers that legitimately differ between runners (heap
 * slopes: each runner's own objects, JIT and heap size) left out. Exact counters (external, native, limits) stay.
 */
export function essentials(message: string): string[] {
  const lines: string[] = [];
  for (const raw of message.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('Expected:')) lines.push(line);
    else if (line.startsWith('Received:')) {
      lines.push(line.replace(/heap grows [\d.]+ (B|kB)/, 'heap grows <n>').replace(/total [\d.]+ (B|kB|MB)/, 'total <n>').replace(/\([\d.]+ m?s\)/, '(<t>)'));
    }
    else if (/^(heap|external|native) +(LEAK|ok|INCONCLUSIVE)\b/.test(line)) lines.push(line.split(/ +/).slice(0, 2).join(' '));
    else if (/^#1 /.test(line)) lines.push(line.replace(/; \d+ blocks.*$/, '').replace(/: \d+ \+ \d+;/, ';'));
    else if (/> limit/.test(line)) lines.push(line.replace(/peak +[\d.]+ (B|kB|MB)/, 'peak <n>').replace(/\s+\(.*$/, ''));
    else if (/\(native-addon\/src\/addon\.cc:\d+\)$|addon\.cc:\d+\)$/.test(line) && lines.every((l) => !l.includes('addon.cc'))) {
      lines.push(line.replace(/\(\/[^()]*\/native-addon\//, '(native-addon/'));
    }
  }
  return lines;
}

interface RunnerOutcome {
  runner: string;
  run: FixtureRun;
}

const outcomes: RunnerOutcome[] = [];
const env = { LEAKPROOF_TEST_ADDON: testAddonLoader };

beforeAll(() => {
  for (const runtime of availableRuntimes()) {
    outcomes.push({ runner: `${runtime.name} (forks)`, run: runVitestFixtures([], runtime, [], env, sharedFixtures) });
  }
  const [vitest4] = availableRuntimes();
  for (const pool of ['threads', 'vmThreads']) {
    if (vitest4) outcomes.push({ runner: `${vitest4.name} (${pool})`, run: runVitestFixtures([], vitest4, [`--pool=${pool}`], env, sharedFixtures) });
  }
  for (const runtime of jestRuntimes()) outcomes.push({ runner: runtime.name, run: runJestFixtures(runtime) });
});

const expectedVerdicts: Record<string, 'passed' | 'failed'> = {
  'parity leaks global array push of a small object': 'failed',
  'parity leaks 1 KiB ArrayBuffer per call': 'failed',
  'parity leaks malloc never freed in an addon': 'failed',
  'parity leaks 30 MB of live objects exceeds 20 MB': 'failed',
  'parity collection an object kept in a module-level array is not collected': 'failed',
  'parity collection a dropped object is collected': 'passed',
  'parity clean garbage only': 'passed',
  'parity clean bounded cache filling': 'passed',
  'parity clean console output in the cycle (runners buffer it)': 'passed',
  'parity clean malloc + free in an addon': 'passed',
  'parity clean transient allocation stays under 20 MB': 'passed',
  'parity clean unknown option is a clear error': 'passed',
  'parity concurrent test is refused': 'passed',
};

describe('one shared suite under Vitest (4, 5; forks, threads, vmThreads) and Jest (29, 30; ts-jest, babel-jest)', () => {
  test('every runner reaches the expected verdict on every test', () => {
    for (const { runner, run } of outcomes) {
      const verdicts = Object.fromEntries([...run.tests].map(([name, result]) => [name, result.status]));
      const details = [...run.tests].map(([name, result]) => `${name}: ${(result.meta?.leakproof ?? []).map((m) => m.detail).join(' / ')}`);
      // The whole message of each test whose verdict differs (a false positive must be explainable from CI's log).
      const unexpected = [...run.tests]
        .filter(([name, result]) => expectedVerdicts[name] !== result.status)
        .map(([name, result]) => `--- ${name} (${result.status}):\n${result.failureMessages.join('\n')}`);
      expect(verdicts, `${runner}:\n${details.join('\n')}\n${unexpected.join('\n')}`).toEqual(expectedVerdicts);
    }
  });

  test.each(Object.entries(expectedVerdicts).filter(([, verdict]) => verdict === 'failed').map(([name]) => name))(
    'same essential message lines everywhere: %s',
    (name) => {
      const messages = outcomes.map(({ runner, run }) => ({ runner, message: run.tests.get(name)?.failureMessages.join('\n') ?? '' }));
      const [reference, ...others] = messages.map(({ runner, message }) => ({ runner, message, lines: essentials(message) }));
      expect(reference?.lines.length, reference?.runner).toBeGreaterThanOrEqual(2);
      for (const other of others) {
        // A heap diagnosis skipped for lack of time (a loaded machine: it runs in what is left of the test's timeout)
        // has no groups; the groups are then compared only between runners that ran it.
        const skipped = [reference, other].some((side) => /heap diagnosis skipped:/.test(side?.message ?? ''));
        const comparable = (lines: string[] = []): string[] => (skipped ? lines.filter((line) => !/^#1 \+\d+ /.test(line)) : lines);
        // Both whole messages when they differ: a difference must be explainable from CI's log.
        expect(comparable(other.lines), `${other.runner} vs ${reference?.runner}\n--- ${other.runner}:\n${other.message}\n--- ${reference?.runner}:\n${reference?.message}`).toEqual(
          comparable(reference?.lines),
        );
      }
    },
  );

  test('the essentials carry the evidence: exact external growth, the native site, the limit', () => {
    const vitest = outcomes[0]?.run;
    const lines = (name: string) => essentials(vitest?.tests.get(name)?.failureMessages.join('\n') ?? '');
    expect(lines('parity leaks 1 KiB ArrayBuffer per call')).toContain('Received: external grows 1.02 kB per iteration');
    expect(lines('parity leaks malloc never freed in an addon')).toContain('#1 256 B x 1 per iteration (malloc');
    expect(lines('parity leaks malloc never freed in an addon').join('\n')).toMatch(/leak_malloc_impl\(unsigned long\) \(native-addon\/src\/addon\.cc:\d+\)/);
    expect(lines('parity leaks 30 MB of live objects exceeds 20 MB')).toContain('total    peak <n> > limit 20 MB');
  });

  test('Jest runs record each measurement through the environment, like Vitest task.meta', () => {
    for (const { runner, run } of outcomes.filter(({ runner }) => runner.includes('Jest'))) {
      const summary = run.tests.get('parity clean garbage only')?.meta?.leakproof?.[0];
      expect(summary?.matcher, runner).toBe('toNotLeak');
      expect(summary?.pass, runner).toBe(true);
      expect(summary?.fullGcs, runner).toBeGreaterThanOrEqual(40);
      expect(summary?.detail, runner).toMatch(/^heap: .*; external: .*; native: /);
    }
  });

  test('in shared-process pools the native message says what it counted', () => {
    const threads = outcomes.find(({ runner }) => runner.endsWith('(threads)'))?.run;
    const message = threads?.tests.get('parity leaks malloc never freed in an addon')?.failureMessages.join('\n') ?? '';
    expect(message).toContain('note: native: only allocations made by this worker thread are counted (shared-process pool');
    const forks = outcomes[0]?.run.tests.get('parity leaks malloc never freed in an addon')?.failureMessages.join('\n') ?? '';
    expect(forks).not.toContain('shared-process pool');
  });
});
