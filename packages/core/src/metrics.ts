import v8 from 'node:v8';
import { readFileSync, writeFileSync } from 'node:fs';

/** Metrics `toNotLeak` can follow across iterations. `native` needs the native tracker (@leakproof/native). */
export const LEAK_METRICS = ['heap', 'external', 'native'] as const;
export type LeakMetric = (typeof LEAK_METRICS)[number];

/** Metrics `toStayUnder` can bound. `total` is heap + external; `native` needs the native tracker. */
export const PEAK_METRICS = ['heap', 'external', 'native', 'rss', 'total'] as const;
export type PeakMetric = (typeof PEAK_METRICS)[number];

/** V8 used heap excluding code spaces (JIT output is not a leak). Exact after a full GC. */
export function readHeapUsedWithoutCode(): number {
  let used = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    if (!space.space_name.startsWith('code')) used += space.space_used_size;
  }
  return used;
}

/** V8 external memory including ArrayBuffer backing stores: exact once the last collection's ArrayBuffer sweep is finalized (see fullGcWithExternalSettled). */
export function readExternal(): number {
  return process.memoryUsage().external;
}


/** Resident set size now. */
export function readRss(): number {
  return process.memoryUsage.rss();
}

/** Resets the kernel's RSS high-water mark (VmHWM). Returns false where the kernel does not allow it. */
export function resetRssPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** VmHWM in bytes, or undefined off Linux. */
export function readRssPeak(): number | undefined {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** What `toNotLeak`'s option `metrics` accepts: the byte metrics, and `handles` (active handles left per call). */
export const LEAK_CHECKS = [...LEAK_METRICS, 'handles'] as const;
export type LeakCheck = (typeof LEAK_CHECKS)[number];
