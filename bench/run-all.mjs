#!/usr/bin/env node
// Runs every benchmark and prints one table with the machine and Node version:
//   assertion-cost.bench.mjs      passing toNotLeak as a ratio to one full GC, at two heap sizes
//   native/tracker.bench.mjs      tracker CPU overhead per malloc+free by mode (untracked / cheap / full stacks)
//   tracker-memory.bench.mjs      tracker memory per live allocation (malloc in use and RSS)
//   diagnosis.bench.mjs           heap-leak diagnosis time at ~20 and ~50 MB of heap, by stage
// Usage: node bench/run-all.mjs [--json <file>]   (needs `pnpm build`: core dist, native addon, test addon)
// Knobs of the benches pass through: LEAKPROOF_BENCH_MS, LEAKPROOF_BENCH_ROUNDS, LEAKPROOF_BENCH_LIVE, ...
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;

function run(file) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(here, file)], { cwd: here, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (Date.now() - started) / 1000;
  if (r.status !== 0) return { ok: false, seconds, output: `${r.stdout}\n${r.stderr}` };
  return { ok: true, seconds, output: r.stdout };
}

/** Rows of the (last) console.table in a bench's output, as objects keyed by the header cells. */
function parseConsoleTable(output) {
  const lines = output.split('\n').filter((l) => l.startsWith('│'));
  const cells = (l) => l.split('│').slice(1, -1).map((c) => c.trim().replace(/^'(.*)'$/, '$1'));
  const [header, ...body] = lines.map(cells);
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const results = [];
const row = (bench, item, value, detail = '') => results.push({ bench, case: item, result: value, detail });

const assertion = run('assertion-cost.bench.mjs');
if (assertion.ok) {
  for (const r of parseConsoleTable(assertion.output)) {
    row('assertion cost (pass)', `heap ${r.heap}`, `${r['toNotLeak pass (ms)']} ms = ${r['ratio to one GC']} one full GC`, `one full GC ${r['full GC (ms)']} ms; ${r['GCs per assertion']} full GCs per assertion`);
  }
} else row('assertion cost (pass)', 'FAILED', '-', assertion.output.slice(-500));

const tracker = run(path.join('native', 'tracker.bench.mjs'));
if (tracker.ok) {
  for (const r of parseConsoleTable(tracker.output)) {
    row('tracker CPU overhead', `${r.mode} stacks`.replace('untracked stacks', 'untracked'), `${r['ns per malloc+free']} ns per malloc+free`, `${r['ratio to untracked']}x untracked; ${r.samples} samples`);
  }
} else row('tracker CPU overhead', 'FAILED', '-', tracker.output.slice(-500));

const memory = run('tracker-memory.bench.mjs');
if (memory.ok) {
  const { size, rows } = JSON.parse(memory.output.trim().split('\n').at(-1));
  for (const r of rows.filter((x) => x.mode !== 'untracked')) {
    row('tracker memory', `${r.mode} stacks, ${r['live blocks'].toLocaleString('en-US')} live ${size} B blocks`, `${r['tracker bytes per live block (malloc)']} B per live block`, `RSS: ${r['tracker bytes per live block (RSS)']} B per live block`);
  }
} else row('tracker memory', 'FAILED', '-', memory.output.slice(-500));

const diagnosis = run('diagnosis.bench.mjs');
if (diagnosis.ok) {
  const parser = /snapshot numbers parsed by: (.*)/.exec(diagnosis.output)?.[1] ?? '';
  for (const r of parseConsoleTable(diagnosis.output)) {
    row('heap diagnosis', `heap ${r.heap}`, `${r['diagnosis mean (s)']} s (min ${r['min (s)']}, max ${r['max (s)']})`,
      `windows ${r['windows (s)']} s, V8 snapshot ${r['snapshot (s)']} s, parse ${r['parse (s)']} s, analysis ${r['analysis (s)']} s; numbers parsed by ${parser}`);
  }
} else row('heap diagnosis', 'FAILED', '-', diagnosis.output.slice(-500));

const cpu = os.cpus()[0]?.model ?? 'cpu';
const header = `leakproof benchmarks — ${new Date().toISOString()}, ${cpu} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}; `
  + `run times: assertion ${assertion.seconds.toFixed(0)} s, tracker ${tracker.seconds.toFixed(0)} s, memory ${memory.seconds.toFixed(0)} s, diagnosis ${diagnosis.seconds.toFixed(0)} s`;
const cols = ['bench', 'case', 'result', 'detail'];
const widths = cols.map((c) => Math.max(c.length, ...results.map((r) => String(r[c]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
console.log(header);
console.log([line(cols), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...results.map((r) => line(cols.map((c) => r[c])))].join('\n'));
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ header, results }, null, 2));
const failed = results.some((r) => r.case === 'FAILED');
if (failed) for (const r of results.filter((x) => x.case === 'FAILED')) console.error(`\n${r.bench} failed:\n${r.detail}`);
process.exitCode = failed ? 1 : 0;
