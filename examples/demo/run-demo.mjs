// `pnpm demo`: runs the demo suite twice with real Vitest: once with a leak planted, once fixed,
// and checks that leakproof caught the first and passed the second.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const bar = '─'.repeat(78);

function run(title, explanation, env) {
  console.log(`\n${bar}\n${title}\n${explanation}\n${bar}`);
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-demo-'));
  const report = join(dir, 'report.json');
  const child = spawnSync(process.execPath, [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    cwd: import.meta.dirname,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  try {
    const results = JSON.parse(readFileSync(report, 'utf8')).testResults.flatMap((file) => file.assertionResults);
    console.log('what leakproof measured:');
    for (const test of results) {
      for (const m of test.meta?.leakproof ?? []) {
        console.log(`  ${test.status === 'passed' ? 'PASS' : 'FAIL'}  ${test.title}\n        ${m.matcher}: ${m.headline}; cost ${m.fullGcs} full GCs, ${Math.round(m.durationMs)} ms`);
      }
    }
  } catch {
    console.log('(no JSON report written)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { code: child.status, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

const leaky = run(
  '1/2  Planted leak: CallRegistry keeps every ended call (keepEveryCall: true)',
  'Expect: "a full call cycle does not leak" FAILS with the growth per call, the series and the evidence.',
  { DEMO_PLANT_LEAK: '1' },
);
const fixed = run('2/2  Fixed: the registry keeps only the last 50 calls', 'Expect: both tests pass, each at the cost of a few dozen full GCs.', { DEMO_PLANT_LEAK: '0' });

console.log(`\n${bar}`);
console.log(`planted leak: vitest exit ${leaky.code} (${leaky.seconds} s) -> ${leaky.code === 1 ? 'caught, as expected' : 'NOT caught'}`);
console.log(`fixed code:   vitest exit ${fixed.code} (${fixed.seconds} s) -> ${fixed.code === 0 ? 'passes, as expected' : 'FAILED'}`);
process.exitCode = leaky.code === 1 && fixed.code === 0 ? 0 : 1;
