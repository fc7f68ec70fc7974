import { setTimeout as sleep } from 'node:timers/promises';
import { fullGc, nextMacrotask } from './gc.js';

/** Idle pause between two idle samples: long enough for timers and pending I/O writes to run. */
export const IDLE_STEP_MS = 200;
/** Longest idle wait, while memory keeps being released. */
export const IDLE_MAX_MS = 3000;
/** Idle samples in a row without any release after which memory is taken as kept. */
export const IDLE_STALL_SAMPLES = 4;

/** What the idle check saw for one metric: growth kept while the process had nothing to do. */
export interface IdleEvidence {
  /** Sample at the start of the confirmation phases (bytes). */
  base: number;
  /** Last sample of the measurement (bytes). */
  before: number;
  /** Sample after the idle wait (bytes). */
  after: number;
  /** Measured calls between `base` and `before`. */
  calls: number;
  /** (after - base) / calls: growth per call that survived the idle wait. */
  keptPerCall: number;
  waitedMs: number;
  idleSamples: number;
  /** True when the growth was given back (see isReleased), not kept. */
  released: boolean;
}

/**
 * Released: the growth per call still held is within the threshold, or at least half of what grew came back.
 * The second rule is needed because the engine itself drifts while idle and across a thousand GCs (Node 24:
 * +14-21 kB with no fn at all), so a drained backlog never returns exactly to its base. A leak gives nothing
 * back. The price: a leak smaller than a transient backlog that drains next to it would pass.
 */
export function isReleased(subject: IdleSubject, value: number): boolean {
  const grown = subject.before - subject.base;
  if ((value - subject.base) / Math.max(1, subject.calls) <= subject.threshold) return true;
  return grown > 0 && subject.before - value >= grown / 2;
}

export interface IdleSubject {
  base: number;
  before: number;
  calls: number;
  threshold: number;
  read: () => number;
}

/**
 * A leak keeps its memory when the process goes idle; a backlog does not. Memory that grows with the calls but
 * belongs to something that drains later — the runner's console messages queued on its IPC channel while its main
 * process is starved of CPU, a debounced batch flush, a consumer slower than fn — is released once fn stops
 * being called. So before a suspect is failed, the process idles in steps of IDLE_STEP_MS (timers and I/O run),
 * each followed by a full GC and a sample, until every subject's growth is released, or IDLE_STALL_SAMPLES samples
 * in a row release nothing, or IDLE_MAX_MS has passed. Cost on a real leak: about 4 x 200 ms and 4 full GCs.
 */
export async function idleCheck(subjects: readonly IdleSubject[]): Promise<IdleEvidence[]> {
  const started = performance.now();
  const latest = subjects.map((subject) => subject.before);
  const released = subjects.map(() => false);
  let idleSamples = 0;
  let stalls = 0;
  while (performance.now() - started < IDLE_MAX_MS && stalls < IDLE_STALL_SAMPLES) {
    await sleep(IDLE_STEP_MS);
    await nextMacrotask();
    fullGc();
    idleSamples++;
    let progress = false;
    subjects.forEach((subject, index) => {
      const value = subject.read();
      // Progress: more than a twentieth of the growth still held came back since the last idle sample.
      const held = (latest[index] as number) - subject.base;
      if ((latest[index] as number) - value > Math.max(held / 20, subject.threshold)) progress = true;
      latest[index] = value;
      released[index] = isReleased(subject, value);
    });
    if (released.every(Boolean)) break;
    stalls = progress ? 0 : stalls + 1;
  }
  const waitedMs = performance.now() - started;
  return subjects.map((subject, index) => ({
    base: subject.base,
    before: subject.before,
    after: latest[index] as number,
    calls: subject.calls,
    keptPerCall: ((latest[index] as number) - subject.base) / Math.max(1, subject.calls),
    waitedMs,
    idleSamples,
    released: released[index] as boolean,
  }));
}
