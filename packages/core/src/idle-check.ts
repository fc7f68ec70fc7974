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
  /** Growth inside the confirmation phases (bytes): what fn's calls added while measured. */
  grown: number;
  /** Last sample of the measurement (bytes). */
  before: number;
  /** Sample after the idle wait (bytes). */
  after: number;
  /** Measured calls the growth covers. */
  calls: number;
  /** (grown - given back) / calls: growth per call that survived the idle wait. */
  keptPerCall: number;
  waitedMs: number;
  idleSamples: number;
  /** True when at least half of the growth was given back (see isReleased), not kept. */
  released: boolean;
}

export interface IdleSubject {
  grown: number;
  before: number;
  calls: number;
  threshold: number;
  read: () => number;
}

/**
 * Released: at least half of what grew inside the confirmation phases came back while idle. A leak gives nothing
 * back; a drained backlog gives back nearly all of it but never exactly (the engine itself drifts while idle and
 * across a thousand GCs: Node 24 +14-21 kB with no fn at all). Growth counts inside the phases, not from a base
 * sample: a backlog already queued at the base and draining later would otherwise hide a leak. A leak smaller than
 * a backlog that drains next to it is released here: the settled re-check (settled-recheck.ts) catches it.
 */
export function isReleased(subject: IdleSubject, value: number): boolean {
  return subject.grown > 0 && subject.before - value >= subject.grown / 2;
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
      // Progress: more than a twentieth of the growth came back since the last idle sample.
      if ((latest[index] as number) - value > Math.max(subject.grown / 20, subject.threshold)) progress = true;
      latest[index] = value;
      released[index] = isReleased(subject, value);
    });
    if (released.every(Boolean)) break;
    stalls = progress ? 0 : stalls + 1;
  }
  const waitedMs = performance.now() - started;
  return subjects.map((subject, index) => ({
    grown: subject.grown,
    before: subject.before,
    after: latest[index] as number,
    calls: subject.calls,
    keptPerCall: (subject.grown - (subject.before - (latest[index] as number))) / Math.max(1, subject.calls),
    waitedMs,
    idleSamples,
    released: released[index] as boolean,
  }));
}
