import { setTimeout as sleep } from 'node:timers/promises';
import { fullGc, nextMacrotask } from './gc.js';
import type { CycleHarness } from './harness.js';
import { IDLE_MAX_MS, IDLE_STEP_MS } from './idle-check.js';

/**
 * Growth the re-check's calls must be able to show at the threshold, bytes: well above the noise between two
 * settled samples (a clean cycle: at most 11 kB over 4,096 calls here, Node 20 and 24; a 30 B-per-call leak:
 * 131-221 kB).
 */
export const RECHECK_SIGNAL_BYTES = 64 * 1024;
export const RECHECK_MIN_CALLS = 256;
export const RECHECK_MAX_CALLS = 4096;
/** Calls before the re-check first looks: a leak of 128 B or more per call is conclusive there. */
export const RECHECK_FIRST_CALLS = 512;
/** Idle samples in a row that release nothing, after which memory is settled. */
export const SETTLED_SAMPLES = 2;

/** What one metric did between two settled samples around the re-check's calls. */
export interface RecheckEvidence {
  calls: number;
  /** Sample once the process had settled before the calls (bytes). */
  settledBefore: number;
  /** Sample once the process had settled after them (bytes). */
  settledAfter: number;
  /** (settledAfter - settledBefore) / calls. */
  keptPerCall: number;
  /** keptPerCall above the threshold: the calls kept memory. */
  kept: boolean;
  /** Calls x threshold reaches RECHECK_SIGNAL_BYTES: a pass here outweighs the phases' growth. */
  conclusive: boolean;
  durationMs: number;
}

export interface RecheckSubject {
  threshold: number;
  read: () => number;
}

/**
 * Calls for the re-check: enough for the threshold to stand out of the noise between settled samples
 * (RECHECK_SIGNAL_BYTES), at most what `affordableCalls` allows, never fewer than RECHECK_MIN_CALLS.
 */
export function recheckCalls(threshold: number, affordableCalls: number): number {
  const wanted = Math.min(RECHECK_MAX_CALLS, Math.max(RECHECK_MIN_CALLS, Math.ceil(RECHECK_SIGNAL_BYTES / Math.max(1, threshold))));
  return Math.max(RECHECK_MIN_CALLS, Math.min(wanted, Math.floor(affordableCalls)));
}

/**
 * Idles in steps of IDLE_STEP_MS (timers and I/O run), each followed by a full GC and a sample, until
 * SETTLED_SAMPLES samples in a row release nothing (a drop above 64 x threshold) or IDLE_MAX_MS has passed.
 */
async function settle(subjects: readonly RecheckSubject[]): Promise<number[]> {
  const started = performance.now();
  await nextMacrotask();
  fullGc();
  let latest = subjects.map((subject) => subject.read());
  let quiet = 0;
  while (quiet < SETTLED_SAMPLES && performance.now() - started < IDLE_MAX_MS) {
    await sleep(IDLE_STEP_MS);
    await nextMacrotask();
    fullGc();
    const values = subjects.map((subject) => subject.read());
    const released = values.some((value, index) => (latest[index] as number) - value > 64 * (subjects[index] as RecheckSubject).threshold);
    quiet = released ? 0 : quiet + 1;
    latest = values;
  }
  return latest;
}

/**
 * The last word on a suspect: a leak keeps what each call adds, so between two samples taken once the process has
 * settled (idle until nothing more is released), `calls` more calls leave more than the threshold per call. Memory
 * that only looked kept (a runner backlog that drains, a cache that has filled) leaves about nothing; and a leak next
 * to a backlog that drains while idle still shows, since both samples are taken drained. Cost: two or three settles
 * (at least 2 x 200 ms each) and RECHECK_FIRST_CALLS (a large leak) to `calls` calls.
 */
export async function settledRecheck(harness: CycleHarness, subjects: readonly RecheckSubject[], calls: number): Promise<RecheckEvidence[]> {
  const started = performance.now();
  const before = await settle(subjects);
  const evidence = (after: number[], done: number): RecheckEvidence[] =>
    subjects.map((subject, index) => {
      const settledBefore = before[index] as number;
      const settledAfter = after[index] as number;
      const keptPerCall = (settledAfter - settledBefore) / done;
      const kept = keptPerCall > subject.threshold;
      return {
        calls: done,
        settledBefore,
        settledAfter,
        keptPerCall,
        kept,
        // Kept bytes far above the settled noise are conclusive at any length; a pass needs the full signal.
        conclusive: done * subject.threshold >= RECHECK_SIGNAL_BYTES || (kept && settledAfter - settledBefore >= RECHECK_SIGNAL_BYTES),
        durationMs: performance.now() - started,
      };
    });
  // A large leak shows after the first calls: stop there when every subject kept a conclusive amount.
  const first = Math.min(calls, RECHECK_FIRST_CALLS);
  await harness.step(first, harness.scratchSlot, 'measurement');
  if (first < calls) {
    const early = evidence(await settle(subjects), first);
    if (early.every((subject) => subject.kept && subject.conclusive)) return early;
    await harness.step(calls - first, harness.scratchSlot, 'measurement');
  }
  return evidence(await settle(subjects), calls);
}
