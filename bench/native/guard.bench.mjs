// Guard-page mode cost: malloc+free pairs of the test addon's allocFreeLoop with guard mode off,
// on for every allocation (sampleRate 1) and sampled (one in 100), tracker not recording, in one
// process. Prints ns per pair and ratios to off.
//   node native/scripts/build-test-addon.mjs && node bench/native/guard.bench.mjs
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadNative } = require(path.join(root, 'native', 'index.cjs'));
const native = loadNative();
if (!native.ok) {
  console.error(`native tracker unavailable: ${native.reason}`);
  process.exit(1);
}
const tracker = native.addon;
const addon = require(path.join(root, 'test', 'native-addon', 'build', 'Release', 'leakproof_test_addon.node'));

const N = Number(process.env.LEAKPROOF_BENCH_N ?? 2_000);  // malloc+free pairs per task call
const SIZE = Number(process.env.LEAKPROOF_BENCH_SIZE ?? 64);
tracker.install();

const modes = {
  off: () => tracker.guardDisable(),
  'guard every allocation': () => tracker.guardEnable({ sampleRate: 1 }),
  'guard 1 in 100': () => tracker.guardEnable({ sampleRate: 100 }),
};
const ROUNDS = Number(process.env.LEAKPROOF_BENCH_ROUNDS ?? 3);
const best = {};
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: Number(process.env.LEAKPROOF_BENCH_MS ?? 500), warmup: true });
  for (const [name, setup] of Object.entries(modes)) {
    bench.add(name, () => addon.allocFreeLoop(N, SIZE), { beforeAll: setup, afterAll: () => tracker.guardDisable() });
  }
  await bench.run();
  for (const t of bench.tasks) best[t.name] = Math.min(best[t.name] ?? Infinity, t.result.latency.p50);
}
const stats = tracker.guardStats();
const rows = Object.keys(modes).map((mode) => ({
  mode,
  'ns per malloc+free': +((best[mode] * 1e6) / N).toFixed(1),
  'ratio to off': +(best[mode] / best.off).toFixed(1),
}));
console.table(rows);
console.log(JSON.stringify({ n: N, size: SIZE, rounds: ROUNDS, ratio: Object.fromEntries(rows.map((r) => [r.mode, r['ratio to off']])), guarded: stats.guarded, poolExhausted: stats.poolExhausted }));
