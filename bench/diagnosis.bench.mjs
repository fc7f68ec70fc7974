// Cost of the heap-leak diagnosis (allocation tracking, two windows of 10 + 20 calls, one heap snapshot, parse,
// retainer paths) on heaps of ~20 MB and ~50 MB. Target: under 3 s at 50 MB.
// The snapshot's numbers are parsed by the addon when it loads; LEAKPROOF_NATIVE=0 measures the JS parser.
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { CycleHarness, diagnoseHeapLeak, formatBytes, fullGc, readHeapUsedWithoutCode } from '@leakproof/core';
import { growHeapTo } from './heap-ballast.mjs';

class CallSession {
  constructor(id) {
    this.id = id;
  }
}
const sessions = new Map();
let next = 0;
const leakingCycle = () => {
  const id = next++;
  sessions.set(id, new CallSession(id));
};

const rows = [];
for (const target of [20e6, 50e6]) {
  growHeapTo(target);
  const heap = readHeapUsedWithoutCode();
  const harness = new CycleHarness(leakingCycle, 'bench', [], 0);
  let groups = 0;
  const stages = { windows: 0, snapshot: 0, parse: 0, analysis: 0 };
  let runs = 0;
  const bench = new Bench({ iterations: 3, time: 0, warmupIterations: 1 });
  bench.add('heap diagnosis', async () => {
    const diagnosis = await diagnoseHeapLeak(harness, { keepSnapshot: false });
    groups = diagnosis.groups.length;
    runs++;
    for (const stage of Object.keys(stages)) stages[stage] += diagnosis.stages?.[stage] ?? 0;
    if (diagnosis.groups[0]?.className !== 'CallSession') throw new Error(`diagnosis missed the leak: ${JSON.stringify(diagnosis.groups[0])}`);
  });
  await bench.run();
  const latency = bench.tasks[0].result.latency;
  rows.push({ heap: formatBytes(heap), 'diagnosis mean (s)': (latency.mean / 1000).toFixed(2), 'min (s)': (latency.min / 1000).toFixed(2), 'max (s)': (latency.max / 1000).toFixed(2), groups,
    ...Object.fromEntries(Object.entries(stages).map(([stage, ms]) => [`${stage} (s)`, (ms / runs / 1000).toFixed(2)])) });
}
console.table(rows);
const { loadNative } = createRequire(import.meta.url)('../native/index.cjs');
console.log(`snapshot numbers parsed by: ${process.env.LEAKPROOF_NATIVE !== '0' && loadNative().ok ? 'the addon' : 'the JS parser'}`);
