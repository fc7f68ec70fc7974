import v8 from 'node:v8';
import type { CycleHarness } from '../harness.js';
import type { ResolvedLeakOptions } from '../options.js';
import { diagnoseHeapLeak, type HeapDiagnosis } from './heap-diagnosis.js';

/**
 * bench/diagnosis.bench.mjs on this 2-core machine (load ~12): 1.7 s at 20 MB, 3.7-4.3 s at 50 MB of used heap
 * (~80 ns per byte; was 2.05 s / 5.6 s with a third id-map walk); kept on the high side: a skipped diagnosis is a
 * note, a diagnosis past the test's timeout fails the run.
 */
const NANOSECONDS_PER_HEAP_BYTE = 90;
const FIXED_COST_MS = 300;

/**
 * Runs the heap diagnosis when it fits the time left: `timeout` is 80% of the test's timeout, and the diagnosis
 * may use the rest (up to 115% of `timeout`). A diagnosis that does not fit, or fails, becomes a note: the verdict
 * stands either way.
 */
export async function boundedHeapDiagnosis(harness: CycleHarness, options: ResolvedLeakOptions, started: number): Promise<HeapDiagnosis> {
  const heapBytes = v8.getHeapStatistics().used_heap_size;
  const estimateMs = FIXED_COST_MS + (heapBytes * NANOSECONDS_PER_HEAP_BYTE) / 1e6;
  const leftMs = options.timeoutMs * 1.15 - (performance.now() - started);
  const skipped = (note: string): HeapDiagnosis => ({ windows: [0, 0], groups: [], heapBytes, durationMs: 0, note });
  if (estimateMs > leftMs) {
    return skipped(
      `heap diagnosis skipped: it needs ~${(estimateMs / 1000).toFixed(1)} s at this heap size and ${(Math.max(0, leftMs) / 1000).toFixed(1)} s ` +
        "of the time budget are left; raise the test's timeout (or option 'timeout') to get retainer paths",
    );
  }
  const begun = performance.now();
  try {
    return await diagnoseHeapLeak(harness, { keepSnapshot: options.keepSnapshot });
  } catch (error) {
    const diagnosis = skipped(`heap diagnosis failed: ${error instanceof Error ? error.message : String(error)}`);
    diagnosis.durationMs = performance.now() - begun;
    return diagnosis;
  }
}
