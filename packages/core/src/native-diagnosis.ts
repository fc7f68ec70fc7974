import path from 'node:path';
import type { NativeAddon, NativeFrame } from '@leakproof/native';
import { fullGc, nextMacrotask } from './gc.js';
import type { CycleHarness } from './harness.js';
import { inSharedProcessWorker } from './shared-process.js';
import { growingSites, SiteKeys, snapshotLiveBySite, type GrowingSite, type LiveBySite } from './native-focus.js';

/** One allocation stack whose live blocks grew with the iterations of a diagnosis window. */
export interface NativeLeakStack {
  kind: string;
  /** Live blocks and bytes left by the diagnosis window. */
  count: number;
  bytes: number;
  countPerIteration: number;
  bytesPerIteration: number;
  /** Frames innermost first, leakproof's and the allocator's own frames cut. */
  frames: NativeFrame[];
  /** 'full': from the full-stack re-run; 'cheap': frame-pointer stack from the measurement (fallback). */
  stacks: 'full' | 'cheap';
}

export interface NativeDiagnosis {
  iterations: number;
  stacks: NativeLeakStack[];
  durationMs: number;
}

const ALLOCATOR_FUNCTIONS =
  /^(__libc_)?(malloc|calloc|realloc|free|posix_memalign|aligned_alloc|memalign|valloc|pvalloc)$|^operator (new|delete)(\[\])?\b|^leakproof_(un)?track$/;

/** Where the user's code ends and the runtime's call machinery begins (N-API wrappers, node, V8, JIT). */
const RUNTIME_FRAME = /^(Napi::details::|Napi::AsyncWorker::On|napi_value__\* Napi::details::|v8impl::|node::|v8::|Builtins_|\?\?$)/;

/**
 * Drops the tracker's frames and the allocator entry points, so a stack starts at the caller that allocated,
 * and stops at the runtime's call machinery (N-API wrappers, node, V8), which every addon stack shares.
 */
export function cutOwnFrames(frames: readonly NativeFrame[]): NativeFrame[] {
  const kept = frames.filter((frame) => !/leakproof_native\.node$/.test(frame.module));
  let start = 0;
  while (start < kept.length && ALLOCATOR_FUNCTIONS.test((kept[start] as NativeFrame).function)) start++;
  let end = start;
  while (end < kept.length && !isRuntimeFrame(kept[end] as NativeFrame)) end++;
  // A stack made only of runtime frames (allocation by node itself) is shown as it is.
  return (end > start ? kept.slice(start, end) : kept.slice(start)).map(relativeFile);
}

function isRuntimeFrame(frame: NativeFrame): boolean {
  return RUNTIME_FRAME.test(frame.function || '??') || /(^|\/)node$/.test(frame.module);
}

function relativeFile(frame: NativeFrame): NativeFrame {
  if (!frame.file) return frame;
  const relative = path.relative(process.cwd(), frame.file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? frame : { ...frame, file: relative };
}

/**
 * Re-runs the cycle with full stacks in a fresh tracking window, in two halves, and reports the stacks whose live
 * blocks grew in both halves. When full unwinding finds none (e.g. frames without unwind info), the stacks found
 * growing during the measurement are reported with their cheap (frame-pointer) stacks instead.
 */
export async function diagnoseNativeLeak(
  addon: NativeAddon,
  harness: CycleHarness,
  cheapSites: readonly GrowingSite[],
  keys: SiteKeys = new SiteKeys(addon),
  iterations = 64,
): Promise<NativeDiagnosis> {
  const started = performance.now();
  const half = iterations / 2;
  await nextMacrotask();
  fullGc();
  addon.start({ stacks: 'full', threads: inSharedProcessWorker() ? 'current' : 'all' });
  let before: LiveBySite;
  let middle: LiveBySite;
  let after: LiveBySite;
  try {
    before = snapshotLiveBySite(addon, keys);
    await harness.step(half, harness.scratchSlot, 'measurement');
    middle = snapshotLiveBySite(addon, keys);
    await harness.step(half, harness.scratchSlot, 'measurement');
    after = snapshotLiveBySite(addon, keys);
  } finally {
    addon.stop();
  }
  const toStack = (site: GrowingSite, stacks: 'full' | 'cheap', calls: number): NativeLeakStack => ({
    kind: site.kind,
    count: Math.round(site.countPerCall * calls),
    bytes: Math.round(site.bytesPerCall * calls),
    countPerIteration: site.countPerCall,
    bytesPerIteration: site.bytesPerCall,
    frames: cutOwnFrames(addon.symbolize(site.stackId)).slice(0, 10),
    stacks,
  });
  const full = growingSites(before, middle, after, half).slice(0, 5);
  const stacks =
    full.length > 0 ? full.map((site) => toStack(site, 'full', iterations)) : cheapSites.slice(0, 5).map((site) => toStack(site, 'cheap', 128));
  return { iterations, stacks, durationMs: performance.now() - started };
}
