// Runs the flagship example (examples/voip-call) with real Vitest and Jest processes: with no defect planted every
// test passes; each planted defect fails exactly the tests it should, with a message that points at the defect's
// line (native file:line for the pool and codec defects, the TypeScript line and retainer path for the listener
// and the timer).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { jestRuntimes, runJestFixtures } from './run-jest.js';
import { availableRuntimes, expectPassed, failureOf, runVitestFixtures, type FixtureRun } from './run-vitest.js';

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'voip-call');
const SUITE = 'voip call session';
const FULL_CYCLE = `${SUITE} a full call cycle does not leak`;
const FAILED_CALL = `${SUITE} a failed call (callee busy) does not leak`;
const LONG_CALL = `${SUITE} a 5-minute call stays under 4 MB`;
const PLATEAU = `${SUITE} a long call plateaus under a memory monitor`;
const COLLECTED = `${SUITE} an ended call session is collected`;
const DELEGATE = `${SUITE} a closed call screen (the delegate) is collected while the manager lives`;
const ALL_TESTS = [FULL_CYCLE, FAILED_CALL, LONG_CALL, PLATEAU, COLLECTED, DELEGATE];

/** 1-based line of the first line of `file` (relative to the example) that contains `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(join(exampleDir, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`'${text}' not found in ${file}`);
  return index + 1;
}

const POOL_SITE = `addon/src/call_session.cc:${lineOf('addon/src/call_session.cc', '// VOIP_POOL_FLUSH_SITE')}`;
const CODEC_SITE = `addon/src/call_session.cc:${lineOf('addon/src/call_session.cc', '// VOIP_CODEC_OPEN_SITE')}`;
const LISTENER_LINE = `src/call-manager.ts:${lineOf('src/call-manager.ts', 'const onQualityChange =')}`;
const TIMER_LINE = `src/call-manager.ts:${lineOf('src/call-manager.ts', 'const sendReport =')}`;
const LISTENER_PATH = '(GC roots) -> Module test/call-session.suite.ts -> network (NetworkMonitor) -> NetworkMonitor.listeners (Set) -> [entry] -> onQualityChange()';

interface Runner {
  name: string;
  /** Jest runs tests in a vm context: toBeCollected reports no retainer path there (documented). */
  collectedPath: boolean;
  run(defects: string): FixtureRun;
}

const vitest = availableRuntimes()[0];
const jest30 = jestRuntimes().find((runtime) => runtime.packageDir.endsWith('jest30'));
const runners: Runner[] = [
  { name: `${vitest?.name}`, collectedPath: true, run: (defects) => runVitestFixtures([], vitest, [], { VOIP_DEFECTS: defects }, exampleDir) },
  {
    name: `${jest30?.name.replace(/ \(.*/, '')} (ts-jest, the example's own config)`,
    collectedPath: false,
    run: (defects) => runJestFixtures({ name: 'example', node: jest30?.node ?? process.execPath, packageDir: exampleDir, transform: 'ts-jest' }, { VOIP_DEFECTS: defects }),
  },
];

function expectOnlyFailing(run: FixtureRun, failing: string[]): void {
  const statuses = ALL_TESTS.map((name) => `${name}: ${run.tests.get(name)?.status}`);
  expect(statuses, run.output).toEqual(ALL_TESTS.map((name) => `${name}: ${failing.includes(name) ? 'failed' : 'passed'}`));
}

/** The allocation stack block of a native leak message. */
function nativeStacks(message: string): string {
  const start = message.indexOf('native allocations still live after 64 more iterations, by allocation stack');
  expect(start, message).toBeGreaterThanOrEqual(0);
  return message.slice(start, message.indexOf('\ncost:', start));
}

describe.each(runners)('$name', (runner) => {
  const runs = new Map<string, FixtureRun>();
  beforeAll(() => {
    for (const defects of ['none', 'pool', 'codec', 'listener', 'timer']) runs.set(defects, runner.run(defects));
  });
  const runOf = (defects: string): FixtureRun => runs.get(defects) as FixtureRun;

  test('no defect planted: every test passes, each with its evidence', () => {
    const run = runOf('none');
    for (const name of ALL_TESTS) expectPassed(run, name);
    expect(run.tests.get(FULL_CYCLE)?.meta?.leakproof?.[0]?.headline).toMatch(/heap ok .*external ok .*native ok/);
    expect(run.tests.get(LONG_CALL)?.meta?.leakproof?.[0]?.headline).toMatch(/native peak/);
    const plateau = run.tests.get(PLATEAU)?.meta?.leakproof?.find((summary) => summary.matcher === 'toPlateau');
    expect(plateau?.headline).toMatch(/^heap (flat|steps|garbage) .*, external (flat|steps|garbage) .*, native (flat|steps|garbage) /);
  });

  test('pool: the audio buffer kept on hangup is a native leak at the line that took it', () => {
    const run = runOf('pool');
    expectOnlyFailing(run, [FULL_CYCLE]);
    const message = failureOf(run, FULL_CYCLE);
    expect(message).toMatch(/^ *native {3}LEAK {2}\+640 B per iteration/m);
    const stacks = nativeStacks(message);
    expect(stacks).toMatch(/#1 640 B x 1 per iteration \(audio-buffer;/);
    expect(stacks).toContain('voip::AudioBufferPool::acquire()');
    expect(stacks).toContain(`voip::CallSession::hangup() (${POOL_SITE})`);
    expect(message).toMatch(/^ *heap {5}ok/m);
  });

  test('codec: the codec state of a failed call is a native leak at the line that opened it', () => {
    const run = runOf('codec');
    expectOnlyFailing(run, [FAILED_CALL]);
    const message = failureOf(run, FAILED_CALL);
    expect(message).toMatch(/^ *native {3}LEAK/m);
    const stacks = nativeStacks(message);
    expect(stacks).toMatch(/#1 3\.87 kB x 1 per iteration \(new;/);
    expect(stacks).toContain('voip::codec_open(char const*) (addon/src/codec.cc:');
    expect(stacks).toMatch(new RegExp(`voip::CallSession::dial\\(.*\\) \\(${CODEC_SITE.replace(/\./g, '\\.')}\\)`));
  });

  test('listener: the never-removed listener is a heap leak with its retainer path and TypeScript line', () => {
    const run = runOf('listener');
    expectOnlyFailing(run, [FULL_CYCLE, COLLECTED]);
    const message = failureOf(run, FULL_CYCLE);
    expect(message).toMatch(/^ *heap {5}LEAK/m);
    expect(message).toContain('#1 +30 onQualityChange() (1 per iteration: 10 + 20;');
    expect(message).toContain(`retained by: ${LISTENER_PATH}`);
    expect(message).toContain(`function:     onQualityChange() defined at ${LISTENER_LINE}`);
    const collected = failureOf(run, COLLECTED);
    expect(collected).toContain("Expected: 'ended call session' to be collected");
    if (runner.collectedPath) expect(collected).toContain('NetworkMonitor.listeners (Set) -> [entry] (onQualityChange()) -> session -> CallSession');
  });

  test('timer: the interval left running is a heap leak with its retainer path and TypeScript line', () => {
    const run = runOf('timer');
    expectOnlyFailing(run, [FULL_CYCLE, COLLECTED]);
    const message = failureOf(run, FULL_CYCLE);
    expect(message).toMatch(/^ *heap {5}LEAK/m);
    // node's timer list is a doubly linked list: the shortest path reaches some Timeouts through _idleNext and
    // others through _idlePrev, so they may come as two groups of one class.
    expect(message).toMatch(/#1 \+\d+ Timeout \(.*they hold [\d.]+ sendReport\(\) per iteration\)/);
    expect(message).toMatch(/retained by: \(GC roots\) -> .*Timeout\._id(leNext|lePrev) .*Timeout$/m);
    expect(message).toContain(`function:     sendReport() defined at ${TIMER_LINE} (Timeout._onTimeout)`);
    const collected = failureOf(run, COLLECTED);
    if (runner.collectedPath) expect(collected).toMatch(/timerListMap \(Object\) -> \[5000\] \(TimersList\) -> .*Timeout\._onTimeout \(sendReport\(\)\) -> session -> CallSession/);
  });
});
