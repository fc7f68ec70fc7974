import v8 from 'node:v8';

/**
 * JS heap bytes allocated between start() and stop(), garbage included, without forcing a GC: used heap at the
 * end minus at the start, plus what every GC in between freed (v8.GCProfiler reports used heap before and after
 * each one). Exact up to the objects promoted or freed by V8's own bookkeeping (a few bytes per GC) and to what
 * else ran on this thread meanwhile (the caller measures an empty loop the same way and subtracts it).
 */
export class JsAllocationCounter {
  private profiler: v8.GCProfiler | undefined;
  private startUsed = 0;

  start(): void {
    this.profiler = new v8.GCProfiler();
    this.profiler.start();
    this.startUsed = v8.getHeapStatistics().used_heap_size;
  }

  /** Bytes allocated since start() and the number of GCs that ran meanwhile. */
  stop(): { bytes: number; gcs: number } {
    const endUsed = v8.getHeapStatistics().used_heap_size;
    const profile = this.profiler?.stop();
    this.profiler = undefined;
    let freed = 0;
    const gcs = profile?.statistics ?? [];
    for (const entry of gcs) freed += entry.beforeGC.heapStatistics.usedHeapSize - entry.afterGC.heapStatistics.usedHeapSize;
    return { bytes: endUsed - this.startUsed + freed, gcs: gcs.length };
  }
}
