import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jestRuntimes, runJestFixtures } from './run-jest.js';
import { availableRuntimes, expectPassed, failureOf, getTest, runVitestFixtures, testAddonLoader, vitestFixtures, type FixtureRun } from './run-vitest.js';

interface CaseRecord {
  fullName: string;
  annotations: Array<{ type: string; message: string }>;
  meta: { leakproof?: Array<{ matcher: string; pass: boolean; timeline?: { intervalMs: number; timesMs: number[]; series: Record<string, Array<number | null>> } }> };
}

/** Real Vitest (4 on Node 20, 5 on Node 24) on the monitor fixtures, with a reporter that records annotations. */
describe.each(availableRuntimes())('$name', (runtime) => {
  let run: FixtureRun;
  let cases: Map<string, CaseRecord>;
  const outDir = mkdtempSync(join(tmpdir(), 'leakproof-monitor-'));
  beforeAll(() => {
    const casesFile = join(outDir, 'cases.jsonl');
    run = runVitestFixtures(['monitor.fixture.ts'], runtime, [`--reporter=${join(vitestFixtures, 'case-reporter.ts')}`], { LEAKPROOF_CASES_FILE: casesFile });
    cases = new Map(
      readFileSync(casesFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as CaseRecord)
        .map((record) => [record.fullName, record]),
    );
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const caseOf = (name: string): CaseRecord => {
    const record = cases.get(name);
    if (!record) throw new Error(`no case '${name}'; have ${[...cases.keys()].join(' | ')}`);
    return record;
  };

  test('a growing loop fails toPlateau with slope, window and sparkline', () => {
    const message = failureOf(run, 'monitor plateau a loop that keeps every batch grows');
    expect(message).toContain('Expected: no sustained growth above 50 kB/s after a warm-up of');
    expect(message).toMatch(/Received: heap grows \+[\d.]+ MB\/s/);
    expect(message).toMatch(/^ {2}heap {5}GROWING {2}\+[\d.]+ MB\/s \(Theil-Sen slope of the bucket floors\)$/m);
    expect(message).toMatch(/sustained growth: the floors rose in \d+ of 15 buckets; still there after a full GC/);
    expect(message).toMatch(/window [\d.]+ s \.\. [\d.]+ s: \d+ samples in 16 buckets, floors [\d.]+ MB -> [\d.]+ MB, after a full GC [\d.]+ MB/);
    expect(message).toMatch(/floors [▁▂▃▄▅▆▇█]{16}/);
    expect(message).toMatch(/monitor: \d+ samples every 20ms over [\d.]+ s/);
  });

  test('a bounded loop passes toPlateau, its timeline in task.meta', () => {
    expectPassed(run, 'monitor plateau a loop that keeps the last 4 batches plateaus');
    const summaries = caseOf('monitor plateau > a loop that keeps the last 4 batches plateaus').meta.leakproof ?? [];
    const plateau = summaries.find((summary) => summary.matcher === 'toPlateau');
    const monitorSummary = summaries.find((summary) => summary.matcher === 'monitor');
    expect(plateau?.pass).toBe(true);
    expect(monitorSummary?.timeline?.intervalMs).toBe(20);
    const timeline = monitorSummary?.timeline;
    expect(timeline?.timesMs.length).toBeGreaterThan(40);
    for (const metric of ['heap', 'external', 'native', 'rss']) expect(timeline?.series[metric]?.length).toBe(timeline?.timesMs.length);
  });

  test('native blocks kept by an addon fail toPlateau; malloc + free passes', () => {
    const message = failureOf(run, 'monitor plateau native blocks kept by an addon grow');
    expect(message).toMatch(/^ {2}native {3}GROWING {2}\+[\d.]+ (MB|kB)\/s/m);
    expect(message).not.toMatch(/^ {2}heap/m);
    expectPassed(run, 'monitor plateau native malloc + free plateaus');
  });

  test('a toNotLeak measurement inside a running monitor passes, and the monitor records gaps, not its counters', () => {
    expectPassed(run, 'monitor plateau a toNotLeak measurement while the monitor runs keeps its own window; the monitor resumes after it');
    const summaries = caseOf('monitor plateau > a toNotLeak measurement while the monitor runs keeps its own window; the monitor resumes after it').meta.leakproof ?? [];
    expect(summaries.find((summary) => summary.matcher === 'toNotLeak')?.pass).toBe(true);
    expect(summaries.find((summary) => summary.matcher === 'monitor')?.timeline?.series.native).toContain(null);
  });

  test('too few samples after warm-up is INCONCLUSIVE, a failure', () => {
    const message = failureOf(run, 'monitor plateau too short a timeline is inconclusive, not a pass');
    expect(message).toMatch(/^ {2}heap {5}INCONCLUSIVE/m);
    expect(message).toMatch(/only \d samples? after the warm-up of [\d.]+ s; at least 8 are needed/);
  });

  test('critical fails the test when it ends (crossing seen by the timer), with an error annotation', () => {
    const message = failureOf(run, 'monitor limits over critical fails the test when it ends');
    expect(message).toContain('leakproof monitor: memory went over the critical limit');
    expect(message).toMatch(/heap [\d.]+ MB over critical 1 MB at [\d.]+ s/);
    expect(message).toMatch(/heap max [\d.]+ MB, external max .*, native max .*, rss max .* \(\d+ samples every 10ms\)/);
    const annotations = caseOf('monitor limits > over critical fails the test when it ends').annotations;
    expect(annotations).toEqual([{ type: 'error', message: expect.stringMatching(/^leakproof monitor: heap [\d.]+ MB over critical 1 MB at [\d.]+ s \(the test will fail\)$/) }]);
  });

  test('critical fails at monitor.stop()', () => {
    const message = failureOf(run, 'monitor limits over critical fails at stop()');
    expect(message).toContain('leakproof soak: memory went over the critical limit');
  });

  test('warn annotates the test with a warning and the test passes', () => {
    expectPassed(run, 'monitor limits over warn annotates and passes');
    const annotations = caseOf('monitor limits > over warn annotates and passes').annotations;
    expect(annotations).toEqual([{ type: 'warning', message: expect.stringMatching(/^leakproof monitor: heap [\d.]+ MB over warn 1 MB at [\d.]+ s \(warning\)$/) }]);
    expectPassed(run, 'monitor limits under the limits passes without annotations');
    expect(caseOf('monitor limits > under the limits passes without annotations').annotations).toEqual([]);
  });

  test('sample() records from a synchronous loop; option errors are clear', () => {
    expectPassed(run, 'monitor limits sample() records from a synchronous loop that blocks the timer');
    expectPassed(run, 'monitor limits bad units are a clear error');
    expectPassed(run, 'monitor limits an unknown option is a clear error');
  });
});

describe.each(availableRuntimes())('toAllocateAtMost, $name', (runtime) => {
  let run: FixtureRun;
  beforeAll(() => {
    run = runVitestFixtures(['allocation.fixture.ts'], runtime);
  });

  test('exactly 3 blocks of 100 B per call pass { count: 3, bytes: 300 }', () => {
    expectPassed(run, 'toAllocateAtMost native 3 blocks of 100 B per call within { count: 3, bytes: 300 }');
    const summary = getTest(run, 'toAllocateAtMost native 3 blocks of 100 B per call within { count: 3, bytes: 300 }').meta?.leakproof?.[0];
    expect(summary?.headline).toBe('3 native allocations (300 B) per call');
  });

  test('4 blocks of 1 KiB per call fail { count: 3 } with the per-call evidence', () => {
    const message = failureOf(run, 'toAllocateAtMost native 4 blocks of 1 KiB per call over { count: 3 }');
    expect(message).toContain('Expected: at most 3 native allocations per call');
    expect(message).toContain('Received: 4 native allocations (4.1 kB) per call');
    expect(message).toMatch(/native {3}count +4 per call > 3 {3}\(rounds of 100 calls: [\d., ]+; lowest taken\)/);
  });

  test('the failure shows the size histogram and the top allocating stacks, symbolized, per call', () => {
    const message = failureOf(run, 'toAllocateAtMost native 2 x 24 B + 1 x 3000 B per call over { count: 2 }: histogram and stacks');
    expect(message).toContain('Received: 3 native allocations (3.05 kB) per call');
    expect(message).toContain('  native allocation sizes (per call):');
    expect(message).toMatch(/^ {4}<= 32 B +2 blocks +48 B$/m);
    expect(message).toMatch(/^ {4}<= 4 KiB +1 block +3 kB$/m);
    expect(message).toContain('  top allocating stacks (per call):');
    expect(message).toMatch(/^ {4}2 x malloc, 48 B\n {6}.*AllocFreeLoop\(Napi::CallbackInfo const&\) \(.*native-addon\/src\/addon\.cc:\d+\)$/m);
    expect(message).toMatch(/^ {4}1 x malloc, 3 kB\n {6}.*CleanMalloc\(Napi::CallbackInfo const&\) \(.*native-addon\/src\/addon\.cc:\d+\)$/m);
    const summary = getTest(run, 'toAllocateAtMost native 2 x 24 B + 1 x 3000 B per call over { count: 2 }: histogram and stacks').meta?.leakproof?.[0] as
      | { allocationProfile?: { calls: number; sizeClasses: Array<{ upTo: number; count: number }> } }
      | undefined;
    expect(summary?.allocationProfile?.sizeClasses).toEqual([
      { upTo: 32, count: 2 * (summary?.allocationProfile?.calls ?? 0), bytes: 48 * (summary?.allocationProfile?.calls ?? 0) },
      { upTo: 4096, count: summary?.allocationProfile?.calls, bytes: 3000 * (summary?.allocationProfile?.calls ?? 0) },
    ]);
  });

  test('bytes per call over the limit fails; .not passes when more is allocated', () => {
    const message = failureOf(run, 'toAllocateAtMost native 1 block of 8 KiB per call over { bytes: 4 KiB }');
    expect(message).toContain('Received: 1 native allocation (8 KiB) per call');
    expect(message).toMatch(/bytes +8 KiB per call > 4 KiB/);
    expectPassed(run, 'toAllocateAtMost native .not: 4 blocks per call is more than 3');
  });

  test('JS heap bytes per call: ~1 kB array passes 2 kB and fails 512 B; no allocation passes 0', () => {
    expectPassed(run, 'toAllocateAtMost js an array of 125 doubles (~1 kB) per call within { js: 2 kB }');
    const message = failureOf(run, 'toAllocateAtMost js an array of 125 doubles (~1 kB) per call over { js: 512 B }');
    // JSArray (32 B) + FixedDoubleArray (16 B + 125 x 8 B) = 1048 B
    expect(message).toContain('Received: 1.05 kB JS heap per call');
    expect(message).toMatch(/js {7}bytes +1\.05 kB per call > 512 B/);
    expectPassed(run, 'toAllocateAtMost js no allocation within { js: 0 }');
    expectPassed(run, 'toAllocateAtMost js async function: its promise and await count too (~1.5 kB within 2 kB)');
  });

  test('misuse is a clear error', () => {
    for (const name of ['unknown option', 'bad units', 'no limit']) expectPassed(run, `toAllocateAtMost misuse ${name}`);
  });
});

describe('toAllocateAtMost without the native tracker', () => {
  test('count / bytes are a usage error naming why; js alone still measures', () => {
    const run = runVitestFixtures(['allocation.fixture.ts'], availableRuntimes()[0], ['-t', 'toAllocateAtMost (native 3 blocks|js an array)'], { LEAKPROOF_NATIVE: '0' });
    const message = failureOf(run, 'toAllocateAtMost native 3 blocks of 100 B per call within { count: 3, bytes: 300 }');
    expect(message).toContain("toAllocateAtMost: option 'count' counts native allocations, but the native tracker is unavailable: disabled by LEAKPROOF_NATIVE=0");
    expectPassed(run, 'toAllocateAtMost js an array of 125 doubles (~1 kB) per call within { js: 2 kB }');
  });
});

/** Real Jest (29 and 30) with the leakproof environment on the Jest-only monitor fixture. */
describe.each(jestRuntimes())('$name', (runtime) => {
  let run: FixtureRun;
  beforeAll(() => {
    const dir = join(vitestFixtures, '..', 'jest');
    run = runJestFixtures(runtime, { LEAKPROOF_TEST_ADDON: testAddonLoader }, undefined, ['--rootDir', dir, '--testMatch', '**/*.jest.ts']);
  });

  test('toPlateau: a growing loop fails with the evidence, a bounded loop passes', () => {
    const message = failureOf(run, 'jest monitor a loop that keeps every batch grows');
    expect(message).toMatch(/^ {2}heap {5}GROWING {2}\+[\d.]+ MB\/s/m);
    expect(message).toMatch(/floors [▁▂▃▄▅▆▇█]{16}/);
    expectPassed(run, 'jest monitor a loop that keeps the last 4 batches plateaus');
    const summaries = getTest(run, 'jest monitor a loop that keeps the last 4 batches plateaus').meta?.leakproof ?? [];
    expect(summaries.map((summary) => summary.matcher).sort()).toEqual(['monitor', 'toPlateau']);
  });

  test('critical fails the test when its function ends (leakproof environment); warn goes to the console', () => {
    const message = failureOf(run, 'jest monitor over critical fails the test when it ends');
    expect(message).toContain('leakproof monitor: memory went over the critical limit');
    expectPassed(run, 'jest monitor over warn warns on the console and passes');
    expect(run.output).toMatch(/leakproof jest-soak: heap [\d.]+ MB over warn 1 MB at [\d.]+ s \(warning\)/);
  });

  test('toAllocateAtMost: native count and JS bytes per call, passing and failing', () => {
    expectPassed(run, 'jest toAllocateAtMost 3 blocks per call within { count: 3 }');
    expect(failureOf(run, 'jest toAllocateAtMost 4 blocks per call over { count: 3 }')).toContain('Received: 4 native allocations (4.1 kB) per call');
    expect(failureOf(run, 'jest toAllocateAtMost ~1 kB of JS per call over { js: 512 B }')).toContain('Received: 1.05 kB JS heap per call');
    expectPassed(run, 'jest toAllocateAtMost ~1 kB of JS per call within { js: 2 kB }');
  });
});
