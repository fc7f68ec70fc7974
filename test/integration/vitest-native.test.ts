import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, test } from 'vitest';
import { availableRuntimes, failureOf, getTest, runVitestFixtures, type FixtureRun } from './run-vitest.js';

const require = createRequire(import.meta.url);
const { sourcePath } = require('../native-addon/index.cjs') as { sourcePath: string };
const source = readFileSync(sourcePath, 'utf8').split('\n');
/** Line of the marker comment (e.g. LEAK_MALLOC_SITE) in the test addon's source: where the leak is. */
const lineOf = (marker: string) => source.findIndex((line) => line.includes(`// ${marker}`)) + 1;

describe.each(availableRuntimes())('$name', (runtime) => {
  let run: FixtureRun;
  beforeAll(() => {
    run = runVitestFixtures(['native-leaks.fixture.ts', 'native-clean.fixture.ts'], runtime);
  });


  test.each([
    ['malloc never freed', 'leak_malloc_impl', 'LEAK_MALLOC_SITE', '256 B x 1 per iteration (malloc;'],
    ['new[] never deleted', 'leak_new_array_impl', 'LEAK_NEW_SITE', '200 B x 1 per iteration (new;'],
    ['pool buffer registered with leakproof_track never returned', 'pool_acquire', 'LEAK_TRACKED_SITE', '512 B x 1 per iteration (pool;'],
    ['malloc on a libuv threadpool thread', 'worker_leak_impl', 'LEAK_WORKER_SITE', '384 B x 1 per iteration (malloc;'],
  ])('%s: fails naming %s at its file:line', (name, fn, marker, perIteration) => {
    const message = failureOf(run, `native leaks ${name}`);
    expect(message).toMatch(/^ {2}native {3}LEAK/m);
    expect(message).toContain('native allocations still live after 64 more iterations, by allocation stack');
    expect(message).toContain(`#1 ${perIteration}`);
    const firstFrame = message.split('\n').find((line) => /^ {6}\S/.test(line)) ?? '';
    expect(firstFrame).toContain(fn);
    expect(firstFrame).toMatch(new RegExp(`native-addon/src/addon\\.cc:${lineOf(marker)}\\)$`));
    // leakproof's own hook frames and the allocator entry point are cut
    expect(message).not.toMatch(/^ {6}(malloc|operator new|leakproof::)/m);
  });

  test.each(['malloc + free', 'new[] + delete[]', 'pool buffer returned', 'malloc + free on a libuv threadpool thread'])(
    'clean twin passes: %s',
    (name) => {
      const result = getTest(run, `native clean twins ${name}`);
      expect(result.status, result.failureMessages.join('\n')).toBe('passed');
      expect(result.meta?.leakproof?.[0]?.headline).toMatch(/native ok/);
    },
  );

  test('toStayUnder bounds the native peak', () => {
    const message = failureOf(run, 'native peak native peak of 4 MB of live blocks exceeds 1 MB');
    expect(message).toContain('Expected: peak above baseline to stay under native 1 MB');
    expect(message).toMatch(/native {3}peak +4(\.\d+)? MB > limit 1 MB/);
    expect(getTest(run, 'native peak native churn stays under 1 MB').status).toBe('passed');
  });
});

describe('without the native tracker', () => {
  let run: FixtureRun;
  beforeAll(() => {
    run = runVitestFixtures(['js-leaks.fixture.ts', 'native-leaks.fixture.ts'], availableRuntimes()[0], [], { LEAKPROOF_NATIVE: '0' });
  });

  test('JS metrics still decide, with one notice that says why', () => {
    const message = getTest(run, 'leaks global array push of a small object').failureMessages.join('\n');
    expect(message).toMatch(/^ {2}heap {5}LEAK/m);
    expect(message).not.toMatch(/^ {2}native/m);
    const notices = run.output.match(/LeakproofWarning: native metric disabled, measuring JS memory only \(heap, external\): disabled by LEAKPROOF_NATIVE=0/g) ?? [];
    // one notice per worker process, not per assertion: each fixture file runs in its own forked worker
    expect(notices).toHaveLength(2);
  });

  test('a native leak is then invisible, as documented: the clean JS metrics pass it', () => {
    expect(getTest(run, 'native leaks malloc never freed').status).toBe('passed');
  });
});
