'use strict';
// Loader for the leakproof native tracker. Never throws: loadNative() reports why the
// binary cannot be used so callers can fall back to JS-only metrics with one clear notice.
const path = require('node:path');
const fs = require('node:fs');

// Lookup order: prebuilds/<platform>-<arch>/ (what `build` copies there and CI ships), then
// the cmake-js output build/Release/. binaryPath is the first that exists, else the prebuilds
// path.
const candidates = [
  path.join(__dirname, 'prebuilds', `${process.platform}-${process.arch}`, 'leakproof_native.node'),
  path.join(__dirname, 'build', 'Release', 'leakproof_native.node'),
];
const binaryPath = candidates.find((p) => fs.existsSync(p)) ?? candidates[0];
let cached;

function platformProblem() {
  if (process.platform !== 'linux') return `unsupported platform: only Linux glibc x86-64/arm64 (this is ${process.platform})`;
  if (process.arch !== 'x64' && process.arch !== 'arm64') return `unsupported platform: only Linux glibc x86-64/arm64 (this is ${process.arch})`;
  let glibc;
  try {
    const report = process.report && process.report.getReport ? process.report.getReport() : undefined;
    glibc = report && report.header && report.header.glibcVersionRuntime;
  } catch { /* ignore */ }
  if (!glibc) return 'unsupported platform: only Linux glibc x86-64/arm64 (glibc not detected, musl?)';
  return undefined;
}

function loadNative() {
  if (cached) return cached;
  const problem = platformProblem();
  if (problem) return (cached = { ok: false, reason: problem });
  if (!fs.existsSync(binaryPath)) {
    return (cached = {
      ok: false,
      reason: `binary not found at ${candidates.join(' or ')} (run \`pnpm --filter @leakproof/native build\`)`,
    });
  }
  try {
    const addon = require(binaryPath);
    return (cached = { ok: true, addon });
  } catch (err) {
    return (cached = { ok: false, reason: `cannot load ${binaryPath}: ${err && err.message ? err.message : String(err)}` });
  }
}

module.exports = { loadNative, binaryPath };
