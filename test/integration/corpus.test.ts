// The leak corpus (test/corpus), short version: one pass of every case on Node 20 + Vitest 4, leak and clean
// files in two workers. Every leak must be reported as LEAK and every clean case must pass.
// The long version (both Vitest runtimes, Jest, --soak --repeat N) is `node test/corpus/run.mjs`; see RESULTS.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

interface Summary {
  runtime: string;
  leakMeasurements: number;
  detected: number;
  cleanMeasurements: number;
  falsePositives: number;
  inconclusive: number;
  runnerErrors: number;
  failures: Array<{ id: string; kind: string; verdict: string; message?: string }>;
}

const runScript = join(import.meta.dirname, '..', 'corpus', 'run.mjs');

describe('leak corpus (one pass, Node 20 + Vitest 4)', () => {
  test('100% of leaks detected, 0 false positives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-corpus-test-'));
    const json = join(dir, 'summary.json');
    try {
      const major = process.versions.node.split('.')[0];
      const child = spawnSync(process.execPath, [runScript, '--runner', 'vitest', '--runtime', `Node ${major} + Vitest 4`, '--parallel', '--json', json], {
        encoding: 'utf8',
        timeout: 540_000,
      });
      const output = `${child.stdout ?? ''}${child.stderr ?? ''}`;
      console.log(output.slice(output.indexOf('leakproof corpus')));
      const { summaries } = JSON.parse(readFileSync(json, 'utf8')) as { summaries: Summary[] };
      const [summary] = summaries;
      expect(summary, output).toBeDefined();
      const failures = summary!.failures.map((f) => `${f.kind} ${f.id}: ${f.verdict}\n${f.message ?? ''}`).join('\n\n');
      expect(summary!.leakMeasurements, output).toBeGreaterThanOrEqual(30);
      expect(summary!.cleanMeasurements, output).toBeGreaterThanOrEqual(30);
      expect({ detected: summary!.detected, falsePositives: summary!.falsePositives, inconclusive: summary!.inconclusive, runnerErrors: summary!.runnerErrors }, failures).toEqual({
        detected: summary!.leakMeasurements,
        falsePositives: 0,
        inconclusive: 0,
        runnerErrors: 0,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
