// Shared helpers for the native tracker tests (node:test, one process per file).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const nativeDir = path.resolve(here, '..');
export const testAddonDir = path.resolve(nativeDir, '..', 'test', 'native-addon');
export const testAddonPath = path.join(testAddonDir, 'build', 'Release', 'leakproof_test_addon.node');
export const testAddonSource = path.join(testAddonDir, 'src', 'addon.cc');

export function loadTracker() {
  const { loadNative } = require(path.join(nativeDir, 'index.cjs'));
  const r = loadNative();
  if (!r.ok) throw new Error(`native tracker unavailable: ${r.reason}`);
  return r.addon;
}

export function loadTestAddon() {
  return require(testAddonPath);
}

/** 1-based line of the marker comment in a test addon source file. */
export function markerLine(marker, file = testAddonSource) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not found in ${file}`);
  return i + 1;
}

/** Live groups whose symbolized stack contains a frame matching `pred`. */
export function groupsWithFrame(tracker, pred) {
  const out = [];
  for (const g of tracker.liveByStack()) {
    const frames = tracker.symbolize(g.stackId);
    if (frames.some(pred)) out.push({ ...g, frames });
  }
  return out;
}

export function sum(groups, key = 'bytes') {
  return groups.reduce((a, g) => a + g[key], 0);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
