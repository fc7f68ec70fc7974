import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { availableRuntimes, expectPassed, failureOf, readVitestReport, vitestArgs, vitestFixtures, type FixtureRun, type Runtime } from './run-vitest.js';

/**
 * Runs fixture files while Vitest's main process is starved of CPU: SIGSTOP for `stoppedMs` of every `periodMs`
 * (its forks worker keeps running). Console output forwarded by the worker then queues up in the worker's heap —
 * the false positive the corpus soak found under load.
 */
function runStarved(files: string[], runtime: Runtime, stoppedMs: number, periodMs: number): Promise<FixtureRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'leakproof-starved-'));
  const outputFile = join(outDir, 'report.json');
  const child = spawn(runtime.node, vitestArgs(runtime, vitestFixtures, outputFile, ['--pool=forks'], files), {
    cwd: vitestFixtures,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let running = true;
  const signal = (name: NodeJS.Signals): void => {
    if (running && child.pid !== undefined) {
      try {
        process.kill(child.pid, name);
      } catch {
        // exited between the check and the signal
      }
    }
  };
  const cycle = (): void => {
    if (!running) return;
    signal('SIGSTOP');
    setTimeout(() => {
      signal('SIGCONT');
      setTimeout(cycle, periodMs - stoppedMs);
    }, stoppedMs);
  };
  // Let Vitest start its worker before starving it.
  const start = setTimeout(cycle, 3000);
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      running = false;
      clearTimeout(start);
      try {
        resolve(readVitestReport(outputFile, output, code));
      } catch (error) {
        reject(error);
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    });
  });
}

const runtime = availableRuntimes()[0] as Runtime;

describe(`${runtime.name}, forks pool, main process stopped 1 s of every 1.1 s`, () => {
  let run: FixtureRun;
  beforeAll(async () => {
    run = await runStarved(['ipc-backlog.fixture.ts'], runtime, 1000, 1100);
  });

  test('console output per call is not a leak while the runner is starved', () => {
    expectPassed(run, 'console output while the runner is starved clean: logs objects every call');
  });

  test('a real leak that also logs is still caught, and kept its memory while idle', () => {
    const message = failureOf(run, 'console output while the runner is starved leaky: logs and keeps a 1 kB string every call');
    expect(message).toMatch(/^ {2}heap {5}LEAK/m);
    expect(message).toMatch(/kept while idle: gave back [-+]?[\d.]+ (B|kB|MB) of \+[\d.]+ (kB|MB) grown in phases 2\+ after \d+ ms idle and \d+ full GCs/);
  });
});
