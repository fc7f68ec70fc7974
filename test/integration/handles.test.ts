import { beforeAll, describe, expect, test } from 'vitest';
import { jestRuntimes, runJestFixtures } from './run-jest.js';
import type { HandlesEvidence } from '@leakproof/core/report';
import { availableRuntimes, expectPassed, failureOf, handleFixtures, runVitestFixtures, type FixtureRun } from './run-vitest.js';

const leaks = 'handle leaks';
const clean = 'handle clean';
const options = 'handle options';

/** The handle groups block of a toNotLeak message. */
function groupsOf(message: string): string {
  const start = message.indexOf('handles left open by 10 calls, by type and creation stack');
  expect(start, `no handle groups in:\n${message}`).toBeGreaterThanOrEqual(0);
  return message.slice(start, message.indexOf('\ncost:', start));
}

/** `created at: fn (<dir>/file.ts:line:col)`: the TypeScript line, path relative (Vitest) or absolute (Jest's cwd is elsewhere). */
function frame(fn: string, file: string, line: number): RegExp {
  const escaped = fn === '\\S+' ? fn : fn.replace(/[().]/g, '\\$&');
  return new RegExp(`${escaped} \\((\\S*/)?${file.replace(/[.]/g, '\\.')}:${line}:\\d+\\)`);
}

/** The handles evidence a test's first measurement carries into leakproof-report.json. */
function handlesEvidenceOf(run: FixtureRun, name: string): HandlesEvidence | undefined {
  const measurement = run.tests.get(name)?.meta?.leakproof?.[0] as { handles?: HandlesEvidence } | undefined;
  return measurement?.handles;
}

function expectCleanTwins(run: FixtureRun): void {
  for (const name of [
    'setTimeout cancelled (default metrics)',
    'net server closed and awaited',
    'net server closed without awaiting (closes a turn later)',
    'socket ended (closes when the peer answers)',
    'fs.watch closed',
    'child process awaited',
    'interval created once and reused (lazy init)',
    "unref'd timer (keeps nothing alive)",
    'console output in the cycle (the runner sends it over its IPC)',
  ]) {
    expectPassed(run, `${clean} ${name}`);
  }
  expect(handlesEvidenceOf(run, `${clean} fs.watch closed`)).toMatchObject({ status: 'ok', calls: 10, left: 0, callsLeaving: 0, groups: [] });
}

/**
 * `exactNames`: babel-jest's source maps name a frame after the identifier at its position (`setTimeout` for
 * the frame of `scheduleRetry` calling it), so under Jest + babel only file:line is asserted.
 */
function expectTimerAndServerLeaks(run: FixtureRun, exactNames = true): void {
  const name = (fn: string): string => (exactNames ? fn : '\\S+');
  const timeout = failureOf(run, `${leaks} setTimeout left pending (default metrics)`);
  expect(timeout).toMatch(/^ {2}heap {5}LEAK/m);
  expect(timeout).toContain('Expected: no growth per iteration above 16 B, no handles left open');
  expect(timeout).toMatch(/^Received: .*10 handles left open \(1 per iteration\)$/m);
  expect(timeout).toMatch(/^ {2}handles {2}LEAK {2}1 per iteration: 10 left open by 10 calls$/m);
  expect(timeout).toMatch(/active resources \(process\.getActiveResourcesInfo\(\)\): .*\d+ Timeout before -> .*\d+ Timeout after/);
  const timeoutGroups = groupsOf(timeout);
  expect(timeoutGroups).toContain('  #1 +10 Timeout (setTimeout 60000 ms; 1 per iteration)');
  expect(timeoutGroups).toMatch(new RegExp(`created at: ${frame(name('scheduleRetry'), 'handles-app/timers.ts', 5).source}`));
  expect(timeoutGroups).toMatch(frame('(anonymous)', 'handles.fixture.ts', 17));
  // The same evidence goes into the report (a failing measurement names what failed even with heap ok).
  const timeoutEvidence = handlesEvidenceOf(run, `${leaks} setTimeout left pending (default metrics)`);
  expect(timeoutEvidence).toMatchObject({ status: 'leak', calls: 10, left: 10, perIteration: 1, callsLeaving: 10, allowed: 0 });
  expect(timeoutEvidence?.reason).toContain('10 handles created by 10 calls were still open');
  expect(timeoutEvidence?.groups).toHaveLength(1);
  expect(timeoutEvidence?.groups[0]).toMatchObject({ type: 'Timeout', detail: 'setTimeout 60000 ms', count: 10, perIteration: 1 });
  expect(timeoutEvidence?.groups[0]?.frames.join('\n')).toMatch(frame(name('scheduleRetry'), 'handles-app/timers.ts', 5));

  const interval = failureOf(run, `${leaks} setInterval never cleared`);
  expect(interval).toContain('Expected: no handles left open');
  expect(interval).toContain('Received: 10 handles left open (1 per iteration)');
  expect(interval).not.toMatch(/^ {2}heap /m);
  const intervalGroups = groupsOf(interval);
  expect(intervalGroups).toContain('  #1 +10 Timeout (setInterval 60000 ms; 1 per iteration)');
  expect(intervalGroups).toMatch(new RegExp(`created at: ${frame(name('startHeartbeat'), 'handles-app/timers.ts', 11).source}`));

  const server = groupsOf(failureOf(run, `${leaks} net server never closed`));
  expect(server).toContain('  #1 +10 TCPSERVERWRAP (1 per iteration)');
  // listen() binds on a later tick: the frames are those of the code that scheduled it.
  expect(server).toMatch(new RegExp(`created at: ${frame(name('(anonymous)'), 'handles-app/network.ts', 8).source} \\[node created it later; scheduled here \\(TickObject\\)\\]`));
  expect(server).toMatch(frame(name('openServer'), 'handles-app/network.ts', 8));

  expectPassed(run, `${options} allowHandles: ['Timeout'] allows an intended interval`);
  expectPassed(run, `${options} allowHandles: a RegExp on the creation stack`);
  expectPassed(run, `${clean} setTimeout cancelled (default metrics)`);
  expectPassed(run, `${clean} net server closed without awaiting (closes a turn later)`);
}

describe.each(availableRuntimes())('$name', (runtime) => {
  const pools = runtime.name.includes('Vitest 4') ? ['forks', 'threads', 'vmThreads'] : ['forks'];
  describe.each(pools)('pool %s', (pool) => {
    let run: FixtureRun;
    beforeAll(() => {
      run = runVitestFixtures([], runtime, [`--pool=${pool}`], {}, handleFixtures);
    });

    test('timers and servers left open fail with type and TypeScript creation stack; clean twins pass', () => {
      expectTimerAndServerLeaks(run);
    });

    test('sockets, fs watchers and child processes left open fail; their clean twins pass', () => {
      const socket = groupsOf(failureOf(run, `${leaks} socket kept open`));
      expect(socket).toContain('  #1 +10 TCPWRAP (1 per iteration)');
      expect(socket).toMatch(new RegExp(`created at: ${frame('connectAndKeep', 'handles-app/network.ts', 45).source}`));
      // The server side of each connection: accepted by the long-lived echo server, no JS caller.
      expect(socket).toContain('  #2 +10 TCPWRAP (1 per iteration)');

      const watcher = groupsOf(failureOf(run, `${leaks} fs.watch never closed`));
      expect(watcher).toContain('  #1 +10 FSEVENTWRAP (1 per iteration)');
      expect(watcher).toMatch(new RegExp(`created at: ${frame('watchConfig', 'handles-app/watchers.ts', 8).source}`));

      const child = groupsOf(failureOf(run, `${leaks} child process outliving the call`));
      expect(child).toContain('  #1 +30 PIPEWRAP (3 per iteration)');
      expect(child).toContain('  #2 +10 PROCESSWRAP (1 per iteration)');
      expect(child).toMatch(new RegExp(`created at: ${frame('startWorkerProcess', 'handles-app/watchers.ts', 20).source}`));

      expectCleanTwins(run);
    });

    test('allowHandles: bad input is a clear error', () => {
      expectPassed(run, `${options} allowHandles: a bad entry is a clear error`);
      expectPassed(run, `${options} allowHandles without 'handles' in metrics is a clear error`);
    });
  });
});

describe.each(jestRuntimes().slice(0, 2))('$name', (runtime) => {
  let run: FixtureRun;
  beforeAll(() => {
    run = runJestFixtures(runtime, {}, undefined, ['--rootDir', handleFixtures, '--testMatch', '**/*.fixture.ts']);
  });

  test('timers and servers left open fail with type and TypeScript creation stack; clean twins pass', () => {
    expectTimerAndServerLeaks(run, runtime.transform !== 'babel');
    expectCleanTwins(run);
  });
});
