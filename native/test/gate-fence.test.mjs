// The owner gate's fallback (owner_gate.h): without membarrier every owner update fences itself and the
// gates carry kGateSymmetric, so no owner takes the fence-free fast path. LEAKPROOF_GATE_FENCE=1 forces
// it; the concurrency tests must pass the same way under it, and install() must say which mode runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { nativeDir } from './helpers.mjs';

const installGate = (env) => {
  const script = `const { loadNative } = require(${JSON.stringify(path.join(nativeDir, 'index.cjs'))});
const r = loadNative(); if (!r.ok) throw new Error(r.reason); process.stdout.write(r.addon.install().gate);`;
  const run = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
};

test('install() reports the gate mode: membarrier by default, fence when LEAKPROOF_GATE_FENCE=1', () => {
  assert.equal(installGate({ LEAKPROOF_GATE_FENCE: '' }), 'membarrier');
  assert.equal(installGate({ LEAKPROOF_GATE_FENCE: '1' }), 'fence');
  assert.equal(installGate({ LEAKPROOF_GATE_FENCE: '0' }), 'membarrier');
});

test('record-stress, threads and fork pass with the fence fallback', () => {
  const files = ['record-stress.test.mjs', 'threads.test.mjs', 'fork.test.mjs'].map((f) => path.join(nativeDir, 'test', f));
  const { NODE_TEST_CONTEXT: _parentRunner, ...env } = process.env;  // a nested runner would report to ours
  const run = spawnSync(process.execPath, ['--test', ...files], {
    env: { ...env, LEAKPROOF_GATE_FENCE: '1' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const summary = /^# pass (\d+)\n# fail (\d+)/m.exec(run.stdout);
  assert.ok(summary, `no test summary:\n${run.stdout}\n${run.stderr}`);
  assert.equal(Number(summary[2]), 0, run.stdout);
  assert.ok(Number(summary[1]) >= 10, `only ${summary[1]} tests ran:\n${run.stdout}`);
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
