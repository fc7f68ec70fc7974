// loadNative() never throws and explains why the binary cannot be used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';

import { nativeDir } from './helpers.mjs';

const require = createRequire(import.meta.url);
const libasan = '/usr/lib/x86_64-linux-gnu/libasan.so.8';

it('loads the built binary (CJS and ESM entry points)', async () => {
  const r = require(path.join(nativeDir, 'index.cjs')).loadNative();
  assert.equal(r.ok, true, r.reason);
  for (const k of ['install', 'start', 'stop', 'counters', 'resetPeak', 'threads', 'liveByStack', 'liveSummary', 'symbolize', 'isRecording'])
    assert.equal(typeof r.addon[k], 'function', k);
  const esm = await import(path.join(nativeDir, 'index.mjs'));
  assert.equal(esm.loadNative().ok, true);
});

it('reports a missing binary with the build command', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leakproof-native-'));
  try {
    copyFileSync(path.join(nativeDir, 'index.cjs'), path.join(dir, 'index.cjs'));
    const r = require(path.join(dir, 'index.cjs')).loadNative();
    assert.equal(r.ok, false);
    assert.match(r.reason, /binary not found at .*leakproof_native\.node \(run `pnpm --filter @leakproof\/native build`\)/);
    const prebuilt = path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`, 'leakproof_native.node');
    assert.ok(r.reason.includes(`${prebuilt} or ${path.join(dir, 'build', 'Release', 'leakproof_native.node')}`), r.reason);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('looks in prebuilds/<platform>-<arch>/ first, then build/Release/', () => {
  const real = require(path.join(nativeDir, 'index.cjs')).binaryPath;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leakproof-native-'));
  const prebuilt = path.join(dir, 'prebuilds', `${process.platform}-${process.arch}`, 'leakproof_native.node');
  const built = path.join(dir, 'build', 'Release', 'leakproof_native.node');
  // A child process per layout: each loads its own copy of the binary.
  const probe = () => {
    const script = `const m = require(${JSON.stringify(path.join(dir, 'index.cjs'))}); const r = m.loadNative();
      console.log(JSON.stringify({ binaryPath: m.binaryPath, ok: r.ok, reason: r.reason, hasStart: !!(r.addon && r.addon.start) }));`;
    const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    return JSON.parse(out.stdout);
  };
  try {
    copyFileSync(path.join(nativeDir, 'index.cjs'), path.join(dir, 'index.cjs'));
    let r = probe();
    assert.deepEqual([r.ok, r.binaryPath], [false, prebuilt], 'nothing found: binaryPath is the prebuilds path');

    mkdirSync(path.dirname(built), { recursive: true });
    copyFileSync(real, built);
    r = probe();
    assert.deepEqual([r.ok, r.hasStart, r.binaryPath], [true, true, built], r.reason);

    mkdirSync(path.dirname(prebuilt), { recursive: true });
    copyFileSync(real, prebuilt);
    r = probe();
    assert.deepEqual([r.ok, r.hasStart, r.binaryPath], [true, true, prebuilt], r.reason);

    rmSync(built);
    r = probe();
    assert.deepEqual([r.ok, r.binaryPath], [true, prebuilt], r.reason);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('the package build puts the binary in prebuilds/<platform>-<arch>/', () => {
  const prebuilt = path.join(nativeDir, 'prebuilds', `${process.platform}-${process.arch}`, 'leakproof_native.node');
  assert.ok(existsSync(prebuilt), `${prebuilt} missing: run \`pnpm --filter @leakproof/native build\``);
  assert.equal(require(path.join(nativeDir, 'index.cjs')).binaryPath, prebuilt);
});

it('install() refuses when malloc is interposed (LD_PRELOAD allocator / ASan)', { skip: !existsSync(libasan) && 'libasan not installed' }, () => {
  const script = `const { loadNative } = require(${JSON.stringify(path.join(nativeDir, 'index.cjs'))});
    const r = loadNative(); if (!r.ok) { console.log('LOADFAIL ' + r.reason); process.exit(0); }
    try { r.addon.install(); console.log('INSTALLED'); } catch (e) { console.log('REFUSED ' + e.message); }`;
  const r = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, LD_PRELOAD: libasan, ASAN_OPTIONS: 'detect_leaks=0' },
  });
  assert.match(r.stdout, /REFUSED leakproof: malloc is provided by .*libasan/, r.stdout + r.stderr);
});
