import { IterationError } from '../errors.js';
import { nextMacrotask } from '../gc.js';
import { isThenable, type CycleFn } from '../harness.js';
import { allowingRule, type HandleAllowRule } from './allow-handles.js';
import { formatCreationFrame, parseCreationStack, type CreationStack } from './creation-stack.js';
import { HandleTracker, type TrackedHandle } from './handle-tracker.js';
import type { HandleGroup, HandleVerdict } from './handle-verdict.js';

/** Calls of fn whose new handles are followed. A leak leaves one (or more) per call; lazy init leaves some once. */
export const HANDLE_PROBE_CALLS = 10;
/** Macrotask turns waited after the last call while handles are still closing (a socket's close completes a turn or two later). */
const SETTLE_TURNS = 10;
/** Then, while some are still open, up to this long (a peer's FIN, a child's exit). */
const SETTLE_MS = 250;
const SETTLE_SLEEP_MS = 10;

export interface HandleProbeOptions {
  matcher: string;
  /** Calls of fn before the probe (lazy init: servers, pools, keep-alive sockets created once). */
  warmup: number;
  allow: readonly HandleAllowRule[];
  /** Calls of fn made before the probe by the memory phases, for iteration numbers in errors. */
  callsBefore: number;
}

interface ClassifiedHandle {
  handle: TrackedHandle;
  stack: CreationStack;
  verdict: 'counted' | 'allowed' | 'runner';
}

/**
 * goleak for Node: calls fn `HANDLE_PROBE_CALLS` times under an async_hooks tracker, waits for closing handles, and
 * reports the handles those calls created that are still open and ref'd (timers, servers, sockets, fs watchers,
 * child processes). A leak is at least one such handle per two calls, from at least two different calls:
 * a handle created once and reused (lazy init, a keep-alive socket) is not one.
 */
export async function probeHandles(fn: CycleFn, options: HandleProbeOptions): Promise<HandleVerdict> {
  const started = performance.now();
  let callNumber = options.callsBefore;
  const callOnce = async (stage: IterationError['stage']): Promise<void> => {
    callNumber++;
    try {
      const result = fn();
      if (isThenable(result)) await result;
    } catch (error) {
      throw new IterationError(options.matcher, callNumber, stage, error);
    }
  };
  for (let i = 0; i < options.warmup; i++) {
    await callOnce('warm-up');
    await nextMacrotask();
  }
  const activeBefore = countActiveResources();
  const tracker = new HandleTracker();
  const stacks = new Map<number, CreationStack>();
  const classify = (handle: TrackedHandle): ClassifiedHandle => {
    let stack = stacks.get(handle.asyncId);
    if (!stack) {
      stack = creationStackOf(handle, tracker);
      stacks.set(handle.asyncId, stack);
    }
    const verdict = allowingRule(handle.type, stack.text, options.allow) !== undefined ? 'allowed' : stack.createdByRunner ? 'runner' : 'counted';
    return { handle, stack, verdict };
  };
  const stillCounted = (): boolean => tracker.active().some((handle) => classify(handle).verdict === 'counted');
  let settleMs = 0;
  let left: ClassifiedHandle[];
  try {
    tracker.start();
    for (let i = 0; i < HANDLE_PROBE_CALLS; i++) {
      tracker.call = i;
      await callOnce('measurement');
      await nextMacrotask();
    }
    tracker.stopRecording();
    const settleStart = performance.now();
    for (let turn = 0; turn < SETTLE_TURNS && stillCounted(); turn++) await nextMacrotask();
    while (stillCounted() && performance.now() - settleStart < SETTLE_MS) await sleep(SETTLE_SLEEP_MS);
    settleMs = performance.now() - settleStart;
    left = tracker.active().map(classify);
  } finally {
    tracker.dispose();
  }
  const counted = left.filter((entry) => entry.verdict === 'counted');
  const callsLeaving = new Set(counted.map((entry) => entry.handle.call)).size;
  const leak = counted.length * 2 >= HANDLE_PROBE_CALLS && callsLeaving >= 2;
  const settled = `${Math.round(settleMs)} ms`;
  let reason: string;
  if (leak) {
    reason =
      `${counted.length} handle${counted.length === 1 ? '' : 's'} created by ${HANDLE_PROBE_CALLS} calls ${counted.length === 1 ? 'was' : 'were'} still open ` +
      `${settled} after the last call settled (${callsLeaving} of ${HANDLE_PROBE_CALLS} calls left one): fn starts timers, servers, sockets, watchers or processes it does not close`;
  } else if (counted.length === 0) {
    reason = `no handle created by ${HANDLE_PROBE_CALLS} calls stayed open (after the last call: ${settled} for closing handles)`;
  } else {
    reason =
      `${counted.length} handle${counted.length === 1 ? '' : 's'} from ${callsLeaving} of ${HANDLE_PROBE_CALLS} calls stayed open: ` +
      'created once and reused (lazy init), not per call';
  }
  return {
    outcome: leak ? 'leak' : 'pass',
    reason,
    calls: HANDLE_PROBE_CALLS,
    left: counted.length,
    perIteration: counted.length / HANDLE_PROBE_CALLS,
    callsLeaving,
    allowed: left.filter((entry) => entry.verdict === 'allowed').length,
    runner: left.filter((entry) => entry.verdict === 'runner').length,
    groups: groupHandles(counted),
    activeBefore,
    activeAfter: countActiveResources(),
    settleMs,
    durationMs: performance.now() - started,
  };
}

/** Async hops followed from a handle created by node's own code back to the code that scheduled it. */
const MAX_ASYNC_HOPS = 8;

/**
 * The handle's creation stack; when no frame is the caller's (node created it on a later tick, e.g. `listen`
 * binding after a lookup), the stack of the tick or request that led to it, followed through trigger ids.
 */
function creationStackOf(handle: TrackedHandle, tracker: HandleTracker): CreationStack {
  const own = parseCreationStack(handle.stackHolder.stack);
  if (!own.foreignOnly) return own;
  let trigger = handle.triggerAsyncId;
  for (let hop = 0; hop < MAX_ASYNC_HOPS; hop++) {
    const origin = tracker.origin(trigger);
    if (!origin) break;
    const scheduled = parseCreationStack(origin.stackHolder.stack);
    if (!scheduled.foreignOnly) return { ...scheduled, text: `${own.text}\n${scheduled.text}`, via: origin.type };
    if (scheduled.createdByRunner) return { ...own, createdByRunner: true };
    trigger = origin.triggerAsyncId;
  }
  return own;
}

function groupHandles(entries: readonly ClassifiedHandle[]): HandleGroup[] {
  const groups = new Map<string, HandleGroup>();
  for (const { handle, stack } of entries) {
    const detail = describeTimer(handle);
    const key = `${handle.type}\n${detail ?? ''}\n${stack.frames.map(formatCreationFrame).join('\n')}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      group.perIteration = group.count / HANDLE_PROBE_CALLS;
    } else {
      groups.set(key, { type: handle.type, detail, count: 1, perIteration: 1 / HANDLE_PROBE_CALLS, stack });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

function describeTimer(handle: TrackedHandle): string | undefined {
  if (handle.type !== 'Timeout') return undefined;
  const { _repeat: repeat, _idleTimeout: timeout } = handle.resource;
  if (typeof repeat === 'number') return `setInterval ${repeat} ms`;
  return typeof timeout === 'number' ? `setTimeout ${timeout} ms` : undefined;
}

/** `process.getActiveResourcesInfo()` by name ('Timeout', 'TCPServerWrap', ...): what keeps the event loop alive. */
export function countActiveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  const info = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  if (typeof info !== 'function') return counts;
  for (const name of info.call(process)) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
