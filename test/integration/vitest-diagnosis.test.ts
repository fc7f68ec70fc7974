import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { availableRuntimes, expectPassed, failureOf, getTest, runVitestFixtures, type FixtureRun } from './run-vitest.js';

describe.each(availableRuntimes())('$name', (runtime) => {
  let run: FixtureRun;

  beforeAll(() => {
    run = runVitestFixtures(['diagnosis-leaks.fixture.ts', 'diagnosis-collected.fixture.ts'], runtime);
  });

  /**
   * The diagnosis deoptimizes everything first (V8's allocation tracker drops frames inlined into optimized code:
   * after the settled re-check's extra calls this read `(anonymous) (diagnosis-leaks.fixture.ts:8)` instead of
   * `startCall`, and `not recorded` when no user frame was left), so the site is asserted exactly wherever source maps exist.
   */
  function expectAllocationSite(block: string, ...frames: string[]): void {
    expect(block).not.toContain('allocated at: not recorded');
    if (block.includes('[function start in transformed code: no source map]')) {
      // Vitest 5 on Node 24 reports no source maps to the inspector, and optimized code may inline frames away.
      expect(block).toMatch(/allocated at: \S+ \(diagnosis-(app\/\S+|leaks\.fixture)\.ts:\d+\) \[function start in transformed code: no source map\]/);
      return;
    }
    for (const frame of frames) expect(block).toContain(frame);
  }

  /** The diagnosis block of a toNotLeak message: header, then its groups. */
  function diagnosisOf(message: string): string {
    const start = message.indexOf('JS objects left by');
    expect(start, `no heap diagnosis in:\n${message}`).toBeGreaterThanOrEqual(0);
    return message.slice(start, message.indexOf('\ncost:', start));
  }

  describe('toNotLeak on a heap leak: leaked classes, retainer paths, allocation sites', () => {
    test('module-level Map retaining instances', () => {
      const block = diagnosisOf(failureOf(run, 'diagnosis module-level Map retaining instances'));
      expect(block).toMatch(/^JS objects left by 30 more iterations \(10 \+ 20\), by class and retainer path \(heap snapshot at [\d.]+ MB, diagnosis [\d.]+ m?s\):/);
      expect(block).toContain('  #1 +30 CallSession (1 per iteration: 10 + 20; 40 B shallow per iteration; they hold 1 Array per iteration)');
      expect(block).toContain('      retained by: (GC roots) -> Module diagnosis-app/call-manager.ts -> sessions (Map) -> [value] -> CallSession');
      expectAllocationSite(block, '      allocated at: startCall (diagnosis-app/call-manager.ts:12)');
    });

    test('listener on a long-lived EventEmitter, with the TypeScript allocation site', () => {
      const block = diagnosisOf(failureOf(run, 'diagnosis listener on a long-lived EventEmitter'));
      expect(block).toContain('  #1 +30 anonymous() (1 per iteration: 10 + 20;');
      expect(block).toMatch(/ {6}function: {5}anonymous\(\) defined at diagnosis-app\/event-bus\.ts:(13|\d+ \[transformed code: no source map\])$/m);
      expect(block).toMatch(
        /retained by: \(GC roots\) -> Module diagnosis-app\/event-bus\.ts -> bus \(EventEmitter\) -> EventEmitter\._events \(Object\) -> hangup \(Array\) -> \[\d+\] -> anonymous\(\)/,
      );
      expectAllocationSite(
        block,
        '      allocated at: attachStream (diagnosis-app/event-bus.ts:11) [function start]',
        '                    (anonymous) (diagnosis-leaks.fixture.ts:14) [function start]',
      );
    });

    test('closure in setInterval: the timer list retains the Timeouts', () => {
      const block = diagnosisOf(failureOf(run, 'diagnosis closure in setInterval'));
      expect(block).toContain('  #1 +30 Timeout (1 per iteration: 10 + 20;');
      expect(block).toContain('they hold 1 anonymous() per iteration');
      expect(block).toMatch(/retained by: \(GC roots\) -> .*timerListMap \(Object\) -> \[60000\] \(TimersList\) -> TimersList\._idleNext \(Timeout\) -> .*Timeout$/m);
      expectAllocationSite(block, '      allocated at: startPolling (diagnosis-app/poller.ts:6) [function start]');
      // The callback's defining line comes from the snapshot's closure locations: present even when not sampled.
      expect(block).toMatch(/ {6}function: {5}anonymous\(\) defined at diagnosis-app\/poller\.ts:\d+( \[transformed code: no source map\])? \(Timeout\._onTimeout\)/);
      if (!block.includes('[transformed code')) expect(block).toContain('function:     anonymous() defined at diagnosis-app/poller.ts:8 (Timeout._onTimeout)');
    });

    test('class instance cache: instances first, their string keys after', () => {
      const block = diagnosisOf(failureOf(run, 'diagnosis class instance cache keyed by unique names'));
      expect(block).toContain('  #1 +30 User (1 per iteration: 10 + 20;');
      expect(block).toContain('retained by: (GC roots) -> Module diagnosis-app/user-registry.ts -> registry (UserRegistry) -> UserRegistry.cache (Map) -> [value] -> User');
      // The split of the 30 strings between the two snapshot windows varies (9 + 21 seen on Node 24): V8 may
      // internalize a key one window late.
      expect(block).toMatch(/ {2}#2 \+30 string \(1 per iteration: \d+ \+ \d+;/);
      expect(block).toContain('UserRegistry.cache (Map) -> [key] -> string');
    });

    test('diagnose: false leaves it out; the verdict and its evidence stay', () => {
      const message = failureOf(run, 'diagnosis options diagnose: false leaves the diagnosis out');
      expect(message).toMatch(/^ {2}heap {5}LEAK/m);
      expect(message).not.toContain('JS objects left by');
    });

    test('keepSnapshot: true prints the path of a .heapsnapshot that exists', () => {
      const message = failureOf(run, 'diagnosis options keepSnapshot: true keeps the heap snapshot and prints its path');
      const match = /heap snapshot kept: (\S+\.heapsnapshot) \(open in Chrome DevTools > Memory > Load\)/.exec(message);
      expect(match, message).not.toBeNull();
      const file = (match as RegExpExecArray)[1] as string;
      expect(existsSync(file)).toBe(true);
      rmSync(dirname(file), { recursive: true, force: true });
    });

    test('clean twin passes', () => {
      expectPassed(run, 'diagnosis options clean twin: bounded history passes without diagnosis');
    });
  });

  describe('toBeCollected', () => {
    test('passes for a dropped object (probe and WeakRef)', () => {
      expectPassed(run, 'toBeCollected passes for a dropped object');
      expectPassed(run, 'toBeCollected passes for a WeakRef whose target is dropped');
      expectPassed(run, 'toBeCollected .not passes for an object still referenced');
      expectPassed(run, 'toBeCollected rejects a plain object');
    });

    test('fails with the retainer path of that very object', () => {
      const message = failureOf(run, 'toBeCollected fails for an object kept in a module-level Map');
      expect(message).toContain('expect(ref).toBeCollected()');
      expect(message).toContain("Expected: 'call session' to be collected");
      expect(message).toMatch(/Received: still alive after 5 rounds of full GC and macrotask turns \([\d.]+ m?s\)/);
      expect(message).toContain('retained by: (GC roots) -> Module diagnosis-app/call-manager.ts -> sessions (Map) -> [value] -> CallSession');
    });

    test('.not fails when the object was collected', () => {
      const message = failureOf(run, 'toBeCollected .not fails for a dropped object');
      expect(message).toContain('expect(ref).not.toBeCollected()');
      expect(message).toContain("Expected: 'dropped object' to stay alive");
      expect(message).toContain('Received: collected after 1 GC round');
    });
  });
});
