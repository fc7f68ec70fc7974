// False-positive soak: runs the clean fixture suite N times with real Vitest while another process keeps the
// second core busy, and counts any clean test that failed. Usage: node test/soak/clean-soak.mjs [repetitions]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repetitions = Number(process.argv[2] ?? 10);
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'vitest');
const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const files = (process.env.SOAK_FILES ?? 'js-clean.fixture.ts').split(',');

const burner = spawn(process.execPath, ['-e', 'for(;;){Math.sqrt(Math.random())}'], { stdio: 'ignore' });
let tests = 0;
const falsePositives = [];
const extraPhases = new Map();
try {
  for (let r = 1; r <= repetitions; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'leakproof-soak-'));
    const out = join(dir, 'report.json');
    spawnSync(process.execPath, [vitest, 'run', '--config', join(fixtures, 'vitest.config.ts'), '--reporter=json', `--outputFile=${out}`, ...files], {
      cwd: fixtures,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
    });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    for (const test of report.testResults.flatMap((file) => file.assertionResults)) {
      tests++;
      if (test.status !== 'passed') falsePositives.push({ repetition: r, test: test.fullName, message: test.failureMessages.join('\n') });
      for (const summary of test.meta?.leakproof ?? []) {
        const key = test.fullName;
        const list = extraPhases.get(key) ?? [];
        list.push(summary.fullGcs);
        extraPhases.set(key, list);
      }
    }
    process.stdout.write(`repetition ${r}/${repetitions}: ${falsePositives.length} false positives so far\n`);
  }
} finally {
  burner.kill();
}
console.log(`\n${tests} clean measurements, ${falsePositives.length} false positives (second core busy)`);
for (const [name, gcs] of extraPhases) {
  const sorted = [...gcs].sort((a, b) => a - b);
  console.log(`  ${name}: full GCs min ${sorted[0]}, median ${sorted[sorted.length >> 1]}, max ${sorted.at(-1)}`);
}
for (const fp of falsePositives) console.log(`\nFALSE POSITIVE in repetition ${fp.repetition}: ${fp.test}\n${fp.message}`);
process.exitCode = falsePositives.length === 0 ? 0 : 1;
