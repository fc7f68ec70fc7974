import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableRuntimes, expectPassed, failureOf, getTest, runVitestFixtures, vitestFixtures, type FixtureRun } from './run-vitest.js';

const require = createRequire(import.meta.url);
const { sourcePath } = require('../native-addon/index.cjs') as { sourcePath: string };
const source = readFileSync(sourcePath, 'utf8').split('\n');
const lineOf = (marker: string) => source.findIndex((line) => line.includes(`// ${marker}`)) + 1;
const runtime = availableRuntimes()[0]!;

describe('guard-page mode in a real Vitest run', () => {
  let run: FixtureRun;
  beforeAll(() => {
    // The same pair of files as vitest-native.test.ts, with guard mode on for the whole run.
    run = runVitestFixtures(['native-leaks.fixture.ts', 'native-clean.fixture.ts'], runtime, [], { LEAKPROOF_GUARD: '1' });
  });

  test('LEAKPROOF_GUARD=1: leak verdicts unchanged (same site, same file:line)', () => {
    const name = 'native leaks malloc never freed';
    let leakRun = run;
    if (getTest(leakRun, name).status === 'passed') {
      // Known false negative of the native metric, with guard mode off as well (seen 1 run in 3 here under load): an
      // other-thread drop of ~8 KB inside phase 1 makes its slope negative, so phase 1 reads as flat (series in the
      // failure below if the retry misses it too). One retry of the leak file; the tracker parity itself is checked
      // exactly in native/test/guard-tracking.test.mjs.
      const first = getTest(leakRun, name);
      leakRun = runVitestFixtures(['native-leaks.fixture.ts'], runtime, ['-t', 'malloc never freed'], { LEAKPROOF_GUARD: '1' });
      const retry = getTest(leakRun, name);
      expect(retry.status, `the leak passed twice under guard mode:\n${JSON.stringify(first.meta ?? {})}\n${JSON.stringify(retry.meta ?? {})}`).toBe('failed');
    }
    const message = failureOf(leakRun, name);
    expect(message).toContain('#1 256 B x 1 per iteration (malloc;');
    const firstFrame = message.split('\n').find((line) => /^ {6}\S/.test(line)) ?? '';
    expect(firstFrame).toContain('leak_malloc_impl');
    expect(firstFrame).toMatch(new RegExp(`native-addon/src/addon\\.cc:${lineOf('LEAK_MALLOC_SITE')}\\)$`));
  });

  test.each(['malloc + free', 'new[] + delete[]', 'pool buffer returned', 'malloc + free on a libuv threadpool thread'])(
    'LEAKPROOF_GUARD=1: clean twin still passes: %s',
    (name) => expectPassed(run, `native clean twins ${name}`),
  );

  test('withGuardPages: clean code runs and passes', () => {
    const guarded = runVitestFixtures(['guard-pages.fixture.ts'], runtime);
    expectPassed(guarded, 'guard pages clean native code runs unchanged under withGuardPages');
    expectPassed(guarded, 'guard pages toNotLeak inside withGuardPages: clean twin passes');
  });
});

describe('an overflow under withGuardPages in a Vitest worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-guard-it-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('kills the worker with a report naming the overflow, its site and the allocation stack', () => {
    const reportFile = join(dir, 'guard-report.txt');
    const child = spawnSync(
      runtime.node,
      [runtime.vitestBin, 'run', '--config', join(vitestFixtures, 'vitest.config.ts'), '-t', 'overflow by one', 'guard-pages.fixture.ts'],
      {
        cwd: vitestFixtures,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CI: '1', LEAKPROOF_FIXTURE_OVERFLOW: '1', LEAKPROOF_GUARD_REPORT: reportFile },
        timeout: 300_000,
      },
    );
    expect(child.status, `${child.stdout}${child.stderr}`).not.toBe(0);
    const report = readFileSync(reportFile, 'utf8');
    expect(report).toMatch(/leakproof guard: heap-buffer-overflow on address 0x[0-9a-f]+/);
    expect(report).toContain('0 bytes past the end of a 13-byte block');
    const accessTop = report.split('Access site:\n')[1]!.split('\n')[0]!;
    expect(accessTop).toContain(`overflow_by_one_impl(unsigned long) ${sourcePath}:${lineOf('OVERFLOW_SITE')} `);
    const allocTop = report.split(/Allocated by thread \d+ \(malloc family\):\n/)[1]!.split('\n')[0]!;
    expect(allocTop).toContain(`guard_block_impl(unsigned long) ${sourcePath}:${lineOf('GUARD_ALLOC_SITE')} `);
    // Vitest saw its worker die
    expect(`${child.stdout}${child.stderr}`).toMatch(/SIGSEGV|exited unexpectedly|Worker exited/i);
  });
});
