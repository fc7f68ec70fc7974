#!/usr/bin/env node
// Cross-check of the native leak cases: valgrind memcheck (--leak-check=full) vs leakproof's native tracker.
//   node test/corpus/valgrind-crosscheck.mjs [--calls 42] [--md <file>]
// 1. `node --jitless native-calls.mjs plain N` under valgrind: every native leak case called N times; the loss
//    records whose stack passes through the case's allocating function are summed by kind (definitely lost, ...).
// 2. `node native-calls.mjs leakproof N` without valgrind: the same N calls in a leakproof tracking window (live
//    blocks at that function), then the matcher's engine (detectLeak, native metric) on the same cycle.
// Agreement: same bytes and blocks for the N calls, the same allocating function, and the verdict's bytes per
// iteration equal to valgrind's bytes / N. N must be a multiple of 3 and 7 (the every-k-th cases).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname;
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const calls = Number(opt('--calls', '42'));
const mdFile = opt('--md', undefined);
if (calls % 21 !== 0) throw new Error('--calls must be a multiple of 21 (every-3rd and every-7th cases)');

const { nativeCases } = await import('./native-calls.mjs');

// ---- 1. valgrind ---------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'leakproof-vg-'));
const log = join(dir, 'memcheck.log');
const started = Date.now();
const vg = spawnSync(
  'valgrind',
  ['--tool=memcheck', '--leak-check=full', '--show-leak-kinds=all', '--num-callers=24', `--log-file=${log}`, process.execPath, '--jitless', join(here, 'native-calls.mjs'), 'plain', String(calls)],
  { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '4' } },
);
const valgrindSeconds = (Date.now() - started) / 1000;
if (!/native-calls plain/.test(vg.stdout)) throw new Error(`the script failed under valgrind (exit ${vg.status}):\n${vg.stdout}\n${vg.stderr}`);
const text = readFileSync(log, 'utf8');
const version = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim();
rmSync(dir, { recursive: true, force: true });

/** Loss records: { bytes, blocks, kind, frames: [function names, innermost first] }. */
const records = [];
let current;
for (const raw of text.split('\n')) {
  const line = raw.replace(/^==\d+== ?/, '');
  const head = /^([\d,]+)(?: \([\d,]+ direct, [\d,]+ indirect\))? bytes in ([\d,]+) blocks are (definitely lost|indirectly lost|possibly lost|still reachable) in loss record/.exec(line);
  if (head) {
    current = { bytes: Number(head[1].replace(/,/g, '')), blocks: Number(head[2].replace(/,/g, '')), kind: head[3], frames: [] };
    records.push(current);
    continue;
  }
  const frame = /^\s+(?:at|by) 0x[0-9A-F]+: (.*?)(?: \((?:in |[^()]*:\d+\)).*)?$/.exec(line);
  if (current && frame) current.frames.push(frame[1]);
  else if (line.trim() === '') current = undefined;
}
const summary = /definitely lost: ([\d,]+) bytes in ([\d,]+) blocks/.exec(text);

const ALLOCATOR = /^(malloc|calloc|realloc|strdup|operator new|operator new\[\])(\(|$)|^__gnu_cxx|^std::__new_allocator|^std::allocator_traits/;
function valgrindFor(site) {
  const matching = records.filter((r) => r.frames.some((f) => f.includes(site)));
  const byKind = {};
  for (const r of matching) {
    const k = (byKind[r.kind] ??= { bytes: 0, blocks: 0 });
    k.bytes += r.bytes;
    k.blocks += r.blocks;
  }
  const first = matching.find((r) => r.kind === 'definitely lost') ?? matching[0];
  return { byKind, function: first?.frames.find((f) => !ALLOCATOR.test(f)) };
}

// ---- 2. leakproof ----------------------------------------------------------------------------------
const lp = spawnSync(process.execPath, [join(here, 'native-calls.mjs'), 'leakproof', String(calls)], { encoding: 'utf8', maxBuffer: 64 << 20 });
if (lp.status !== 0) throw new Error(`leakproof run failed:\n${lp.stdout}\n${lp.stderr}`);
const leakproof = JSON.parse(lp.stdout.trim().split('\n').at(-1));

// ---- join --------------------------------------------------------------------------------------------
const short = (name) => (name ?? '-').replace(/\(anonymous namespace\)::/g, '').replace(/\(.*$/, '');
const fmt = (n) => (n === undefined ? '-' : Number.isInteger(n) ? String(n) : n.toFixed(1));
const rows = [];
// Cases sharing one allocating function (every-k-th) share valgrind's loss records: compare their sum.
const bySite = new Map();
for (const c of nativeCases) bySite.set(c.site, [...(bySite.get(c.site) ?? []), c]);
for (const [site, group] of bySite) {
  const v = valgrindFor(site);
  const l = group.map((c) => leakproof.find((x) => x.id === c.id));
  const lpBytes = l.reduce((s, x) => s + x.window.bytes, 0);
  const lpBlocks = l.reduce((s, x) => s + x.window.blocks, 0);
  const lost = v.byKind['definitely lost'] ?? { bytes: 0, blocks: 0 };
  const reachable = v.byKind['still reachable'];
  const possibly = v.byKind['possibly lost'];
  const lpFunctions = l.flatMap((x) => x.verdict.diagnosisFrames ?? []).map(short);
  const sameFunction = v.function !== undefined && lpFunctions.includes(short(v.function));
  let agreement;
  if (lost.bytes === lpBytes && lost.blocks === lpBlocks && sameFunction) agreement = 'agree';
  else if (lost.bytes === 0 && reachable) agreement = `valgrind: still reachable (${reachable.bytes} B in ${reachable.blocks} blocks), not lost`;
  else if (lost.bytes === 0) agreement = 'valgrind: nothing (not a malloc block)';
  else agreement = `DISAGREE (valgrind ${lost.bytes} B / ${lost.blocks} blocks, function ${short(v.function)})`;
  rows.push({
    cases: group.map((c) => c.id.replace('leak/', '')).join(' + '),
    calls: `${calls}${group.length > 1 ? ` each` : ''}`,
    'valgrind definitely lost': `${lost.bytes} B / ${lost.blocks}${possibly ? ` (+${possibly.bytes} B possibly)` : ''}`,
    'leakproof live at site': `${lpBytes} B / ${lpBlocks}`,
    'valgrind B/call': group.length > 1 ? '-' : fmt(lost.bytes / calls),
    'leakproof verdict B/iteration': l.map((x) => `${x.verdict.outcome} ${fmt(x.verdict.slopePerIteration)}`).join(' + '),
    'valgrind function': short(v.function),
    'leakproof function (top of diagnosis)': [...new Set(l.map((x) => short(x.verdict.diagnosisFunction)))].join(', '),
    agreement,
  });
}

const cols = Object.keys(rows[0]);
const md = [
  `valgrind cross-check — ${new Date().toISOString().slice(0, 10)}, ${os.cpus()[0]?.model} x${os.cpus().length}, Node ${process.version}, ${version}, ${calls} calls per case, valgrind run ${valgrindSeconds.toFixed(0)} s (node --jitless); whole process definitely lost: ${summary?.[1]} B in ${summary?.[2]} blocks`,
  '',
  `| ${cols.join(' | ')} |`,
  `|${cols.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${cols.map((c) => String(r[c]).replace(/\|/g, '\\|')).join(' | ')} |`),
].join('\n');
console.log(md);
if (mdFile) writeFileSync(mdFile, `${md}\n`);
const disagreements = rows.filter((r) => r.agreement.startsWith('DISAGREE'));
process.exitCode = disagreements.length === 0 ? 0 : 1;
