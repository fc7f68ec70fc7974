// Assertion cost of a passing toNotLeak, as a ratio to one full GC on the same heap, at two heap sizes.
// Ratios are measured in one run on the same machine, so the shared machine's noise cancels out mostly.
import os from 'node:os';
import { Bench } from 'tinybench';
import { detectLeak, formatBytes, fullGc, fullGcCountSoFar, readHeapUsedWithoutCode, resolveLeakOptions } from '@leakproof/core';
import { growHeapTo } from './heap-ballast.mjs';

const options = resolveLeakOptions({}, { matcher: 'toNotLeak' });
const passingCycle = () => {
  const rows = Array.from({ length: 50 }, (_, i) => ({ i }));
  return rows.length;
};

const rows = [];
for (const target of [0, 40e6]) {
  growHeapTo(target);
  const heap = readHeapUsedWithoutCode();
  let gcsPerAssertion = 0;
  const bench = new Bench({ iterations: 5, time: 0, warmupIterations: 1 });
  bench
    .add('one full GC', () => fullGc())
    .add('toNotLeak on a passing fn', async () => {
      const before = fullGcCountSoFar();
      const verdict = await detectLeak(passingCycle, options);
      if (!verdict.pass) throw new Error('benchmark fn must pass');
      gcsPerAssertion = fullGcCountSoFar() - before;
    });
  await bench.run();
  const [gc, assertion] = bench.tasks.map((task) => task.result.latency.mean);
  rows.push({
    heap: formatBytes(heap),
    'full GC (ms)': gc.toFixed(2),
    'toNotLeak pass (ms)': assertion.toFixed(0),
    'ratio to one GC': `${(assertion / gc).toFixed(1)}x`,
    'GCs per assertion': gcsPerAssertion,
  });
}
console.log(`leakproof assertion cost — Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}`);
console.table(rows);
