// Memory overhead of the native tracker per live allocation: N blocks of 32 B are allocated and kept alive
// (test addon holdBlocks) with the tracker stopped (untracked) and recording (cheap / full stacks), each in a
// fresh process. Overhead per live block = (growth tracked - growth untracked) / N, measured two ways:
// glibc mallinfo2 in-use bytes (the tracker's tables come from the real calloc) and VmRSS.
//   node bench/tracker-memory.bench.mjs            (prints a table and one JSON line)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const SIZE = 32;

const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;

if (process.argv[2] === '--child') {
  const [mode, n] = [process.argv[3], Number(process.argv[4])];
  const native = require(path.join(root, 'native', 'index.cjs')).loadNative();
  if (!native.ok) throw new Error(native.reason);
  const tracker = native.addon;
  const addon = require(path.join(root, 'test', 'native-addon', 'build', 'Release', 'leakproof_test_addon.node'));
  tracker.install();
  if (mode !== 'untracked') tracker.start({ stacks: mode });
  // Warm up the code path and the tracker's tables once, so first-use costs are not counted per block.
  addon.holdBlocks(1000, SIZE);
  addon.releaseBlocks();
  const before = { heap: addon.mallocInUse(), rss: rss() };
  addon.holdBlocks(n, SIZE);
  const after = { heap: addon.mallocInUse(), rss: rss() };
  const live = mode === 'untracked' ? 0 : tracker.liveSummary().count;
  addon.releaseBlocks();
  tracker.stop();
  console.log(JSON.stringify({ mode, n, heap: after.heap - before.heap, rss: after.rss - before.rss, live }));
  process.exit(0);
}

const counts = (process.env.LEAKPROOF_BENCH_LIVE ?? '100000,1000000').split(',').map(Number);
const modes = ['untracked', 'cheap', 'full'];
const rows = [];
const json = [];
for (const n of counts) {
  const results = {};
  for (const mode of modes) {
    // Best (lowest) of 3 fresh processes: allocator and kernel noise only ever add.
    let best;
    for (let i = 0; i < 3; i++) {
      const r = spawnSync(process.execPath, [import.meta.filename, '--child', mode, String(n)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const m = JSON.parse(r.stdout.trim().split('\n').at(-1));
      if (!best || m.heap < best.heap) best = m;
    }
    results[mode] = best;
  }
  for (const mode of modes) {
    const m = results[mode];
    const base = results.untracked;
    const row = {
      'live blocks': n,
      mode,
      'malloc in use growth': m.heap,
      'RSS growth': m.rss,
      'tracker bytes per live block (malloc)': mode === 'untracked' ? 0 : +((m.heap - base.heap) / n).toFixed(1),
      'tracker bytes per live block (RSS)': mode === 'untracked' ? 0 : +((m.rss - base.rss) / n).toFixed(1),
      'blocks in live table': m.live,
    };
    rows.push(row);
    json.push(row);
  }
}
console.log(`tracker memory overhead — ${SIZE} B blocks, Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`);
console.table(rows);
console.log(JSON.stringify({ size: SIZE, rows: json }));
