import v8 from 'node:v8';
import vm from 'node:vm';
import { leakproofHost } from './host.js';

type GcFunction = () => void;

let cachedGc: GcFunction | undefined;
let fullGcCount = 0;

/**
 * Returns V8's `gc` without requiring `--expose-gc` from the user: the flag is switched on just long enough to
 * create a fresh context that carries `gc`, then switched off again. Works in worker threads and in the vm
 * contexts of Jest and Vitest. Plain `gc()` is a full (mark-compact) collection on every V8 we support.
 */
export function getGc(): GcFunction {
  if (cachedGc) return cachedGc;
  const fromHost = leakproofHost()?.gc;
  if (typeof fromHost === 'function') {
    cachedGc = fromHost;
    return cachedGc;
  }
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') {
    cachedGc = existing as GcFunction;
    return cachedGc;
  }
  v8.setFlagsFromString('--expose-gc');
  try {
    cachedGc = vm.runInNewContext('gc') as GcFunction;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  return cachedGc;
}

/** One full garbage collection, counted so verdicts can report their cost. */
export function fullGc(): void {
  getGc()();
  fullGcCount++;
}

/**
 * Two full collections, for a baseline of `external`. V8 sweeps the ArrayBuffers a collection freed on a
 * background thread and takes their bytes off `external` only when that sweep is finalized: at the start of the
 * next collection, or lazily when a later ArrayBuffer is allocated. After one gc(), `external` still counts them,
 * and they come off in the middle of the run being measured: a 10 kB Uint8Array read as -16 kB in 74 of 100
 * runs after one gc() (Node 20 and 24, 16 MB of garbage buffers before), and as 10 kB in 100 of 100 after two.
 */
export function fullGcWithExternalSettled(): void {
  fullGc();
  fullGc();
}

/** How many full collections leakproof has forced in this process so far. */
export function fullGcCountSoFar(): number {
  return fullGcCount;
}

/** Resolves after one macrotask turn: WeakRefs clear and FinalizationRegistry callbacks run only then. */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Full GC with the turns needed for weak references to clear: gc, macrotask, gc. */
export async function settleAndCollect(): Promise<void> {
  fullGc();
  await nextMacrotask();
  fullGc();
}
