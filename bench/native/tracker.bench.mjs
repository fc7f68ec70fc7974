// Tracker overhead: malloc+free throughput of the test addon's allocFreeLoop, untracked vs
// cheap stacks vs full stacks, in one process. Prints ratios to untracked.
//   node native/scripts/build-test-addon.mjs && node bench/native/tracker.bench.mjs
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

const N = Number(process.env.LEAKPROOF_BENCH_N ?? 10_000);  // malloc+free pairs per task call
const SIZE = Number(process.env.LEAKPROOF_BENCH_SIZE ?? 64);
tracker.install();

const modes = {
  untracked: () => tracker.stop(),
  cheap: () => tracker.start({ stacks: 'cheap' }),
  full: () => tracker.start({ stacks: 'full' }),
  // The default depth is 4 (native-focus.ts needs 3 frames per site); 8 was the default before.
  'cheap depth 8': () => tracker.start({ stacks: 'cheap', maxDepth: 8 }),
};
// Several short rounds, modes interleaved; per mode the best median is kept (the machine
// may be shared: the minimum of medians is the most stable estimate of the real cost).
const ROUNDS = Number(process.env.LEAKPROOF_BENCH_ROUNDS ?? 3);
const best = {};
const samples = {};
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: Number(process.env.LEAKPROOF_BENCH_MS ?? 500), warmup: true });
  for (const [name, setup] of Object.entries(modes)) {
    bench.add(name, () => addon.allocFreeLoop(N, SIZE), {
      beforeAll: setup,
      afterAll: () => tracker.stop(),
    });
  }
  await bench.run();
  for (const t of bench.tasks) {
    const l = t.result.latency;
    best[t.name] = Math.min(best[t.name] ?? Infinity, l.p50);
    samples[t.name] = (samples[t.name] ?? 0) + l.samplesCount;
  }
}
tracker.stop();

const base = best.untracked;
const rows = Object.keys(modes).map((name) => ({
  mode: name,
  'ns per malloc+free': +((best[name] * 1e6) / N).toFixed(1),
  'ratio to untracked': +(best[name] / base).toFixed(2),
  samples: samples[name],
}));
console.table(rows);
const ratio = Object.fromEntries(rows.map((r) => [r.mode, r['ratio to untracked']]));
console.log(JSON.stringify({ n: N, size: SIZE, rounds: ROUNDS, ratio, targets: { cheap: 1.5, full: 4 } }));
