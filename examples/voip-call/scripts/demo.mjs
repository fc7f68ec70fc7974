// `pnpm demo`: runs the voip-call suite with real Vitest, once per planted defect and once with none, and prints
// what was planted, what leakproof reported (the matcher's own message) and whether it pointed at the planted line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const exampleDir = join(import.meta.dirname, '..');
const require = createRequire(join(exampleDir, 'package.json'));
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const bar = '═'.repeat(100);
const rule = '─'.repeat(100);

/** `file:line` of the first line of `file` containing `text`. */
function siteOf(file, text) {
  const index = readFileSync(join(exampleDir, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`demo: '${text}' not found in ${file}`);
  return `${file}:${index + 1}`;
}

const FULL_CYCLE = 'a full call cycle does not leak';
const FAILED_CALL = 'a failed call (callee busy) does not leak';
const COLLECTED = 'an ended call session is collected';

const cases = [
  {
    defect: 'pool',
    planted: 'Native (C++): on hangup the call takes one audio buffer from the shared pool to flush the decoder and never',
    planted2: 'returns it. The pool registers every buffer with leakproof_track(), so a lost buffer counts as live native memory.',
    site: siteOf('addon/src/call_session.cc', '// VOIP_POOL_FLUSH_SITE'),
    failing: [FULL_CYCLE],
  },
  {
    defect: 'codec',
    planted: 'Native (C++): a failed call (callee busy) opens its codec state with `new` and, on that failure path only,',
    planted2: 'never closes it. Successful calls are fine.',
    site: siteOf('addon/src/call_session.cc', '// VOIP_CODEC_OPEN_SITE'),
    failing: [FAILED_CALL],
  },
  {
    defect: 'listener',
    planted: 'TypeScript: startCall() subscribes a network-quality listener (a closure holding the session) that endCall()',
    planted2: 'never removes: the long-lived NetworkMonitor keeps every ended session alive.',
    site: siteOf('src/call-manager.ts', 'const onQualityChange ='),
    failing: [FULL_CYCLE, COLLECTED],
  },
  {
    defect: 'timer',
    planted: 'TypeScript: startCall() starts a 5 s quality-report interval that endCall() never clears: node\'s timer list',
    planted2: 'keeps each Timeout, its callback and the session it reports on.',
    site: siteOf('src/call-manager.ts', 'const sendReport ='),
    failing: [FULL_CYCLE, COLLECTED],
  },
];

/** Runs the Vitest suite with VOIP_DEFECTS set; returns its tests from the JSON report. */
function runSuite(defects) {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-demo-'));
  const report = join(dir, 'report.json');
  const started = Date.now();
  const child = spawnSync(process.execPath, [vitest, 'run', '--reporter=json', `--outputFile=${report}`], {
    cwd: exampleDir,
    encoding: 'utf8',
    env: { ...process.env, VOIP_DEFECTS: defects, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  try {
    const tests = JSON.parse(readFileSync(report, 'utf8')).testResults.flatMap((file) => file.assertionResults);
    return { tests, exitCode: child.status, seconds: (Date.now() - started) / 1000 };
  } catch {
    console.log(`vitest wrote no report (exit ${child.status}):\n${child.stdout}${child.stderr}`);
    return { tests: [], exitCode: child.status, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The matcher's message without the runner's stack frames. */
function messageOf(test) {
  return test.failureMessages
    .join('\n')
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trimEnd();
}

const indent = (text) => text.replace(/^/gm, '    ');

console.log(bar);
console.log('leakproof demo: examples/voip-call, a native C++ call-session addon (jitter buffer, pooled audio buffers,');
console.log('codec state, frames decoded on a libuv worker thread) driven by a TypeScript CallManager.');
console.log('Four defects are planted one at a time (VOIP_DEFECTS=<name>); the same Vitest suite runs each time:');
console.log(`  toNotLeak: "${FULL_CYCLE}", "${FAILED_CALL}"`);
console.log(`  toStayUnder: "a 5-minute call stays under 4 MB"`);
console.log(`  toBeCollected: "${COLLECTED}", "a closed call screen (the delegate) is collected while the manager lives"`);
console.log(bar);

const outcomes = [];
cases.forEach((c, index) => {
  console.log(`\n${rule}\n${index + 1}/5  VOIP_DEFECTS=${c.defect}   planted at ${c.site}\n     ${c.planted}\n     ${c.planted2}\n${rule}`);
  const { tests, seconds } = runSuite(c.defect);
  const failed = tests.filter((test) => test.status === 'failed');
  const expected = failed.length === c.failing.length && c.failing.every((title) => failed.some((test) => test.title === title));
  const pointed = failed.some((test) => messageOf(test).includes(c.site));
  for (const test of failed) {
    console.log(`\n  FAIL  ${test.title}\n`);
    console.log(indent(messageOf(test)));
  }
  const verdict = expected && pointed ? 'caught' : 'NOT caught as expected';
  console.log(`\n  => ${verdict}: ${failed.map((test) => `"${test.title}"`).join(' and ') || 'no test'} failed; the report names ${pointed ? c.site : `not ${c.site}`} (${seconds.toFixed(1)} s)`);
  outcomes.push({ defect: c.defect, ok: expected && pointed, seconds });
});

console.log(`\n${rule}\n5/5  VOIP_DEFECTS=none   the same suite, nothing planted: every test passes, and what it cost\n${rule}`);
const clean = runSuite('none');
let allPassed = clean.tests.length > 0;
for (const test of clean.tests) {
  if (test.status !== 'passed') allPassed = false;
  console.log(`  ${test.status === 'passed' ? 'PASS' : 'FAIL'}  ${test.title}`);
  for (const m of test.meta?.leakproof ?? []) {
    console.log(`        ${m.matcher}: ${m.headline}\n        cost: ${m.fullGcs} full GCs, ${(m.durationMs / 1000).toFixed(2)} s`);
  }
  if (test.status !== 'passed') console.log(indent(messageOf(test)));
}
outcomes.push({ defect: 'none', ok: allPassed, seconds: clean.seconds });

console.log(`\n${bar}`);
for (const o of outcomes) {
  const what = o.defect === 'none' ? (o.ok ? `all ${clean.tests.length} tests pass` : 'FAILED') : o.ok ? 'caught at the planted line' : 'NOT caught as expected';
  console.log(`  VOIP_DEFECTS=${o.defect.padEnd(9)} ${what.padEnd(28)} ${o.seconds.toFixed(1)} s (one vitest run)`);
}
console.log(bar);
process.exitCode = outcomes.every((o) => o.ok) ? 0 : 1;
