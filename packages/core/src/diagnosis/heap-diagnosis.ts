import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { nextMacrotask } from '../gc.js';
import type { CycleHarness } from '../harness.js';
import { allocationStackOf, type AllocationFrame } from './allocation-stack.js';
import { closureSiteOf, type ClosureSite } from './closure-site.js';
import { markerIds, markWindowBoundary, updateIdMapNow, type WindowMarker } from './heap-id-boundary.js';
import { readHeapSnapshot, type HeapSnapshot } from './heap-snapshot.js';
import { InspectorSession } from './inspector-session.js';
import { PathRenderer } from './readable-path.js';
import { RetainerTree } from './retainer-tree.js';
import { SourceMapper, type ParsedScript } from './source-maps.js';

/** Objects of one class, retained through one path, that grew with the diagnosis iterations. */
export interface HeapLeakGroup {
  className: string;
  /** New objects left by the first window (`windows[0]` iterations) and by the second (`windows[1]`). */
  counts: [number, number];
  /** New objects per iteration over both windows. */
  countPerIteration: number;
  /** Shallow bytes per iteration of these objects. */
  bytesPerIteration: number;
  /** Shortest retainer path of the oldest such object, root first, readable steps. */
  path: string[];
  /** JS stack that allocated it, innermost first, in the original source; empty when unknown. */
  allocation: AllocationFrame[];
  /** New objects reachable only through this group's objects, per iteration, by class (e.g. `{ Array: 1 }`). */
  holds: Record<string, number>;
  /** Where the function these objects are (a listener) or hold (a Timeout's callback) is defined. */
  closure?: ClosureSite | undefined;
}

export interface HeapDiagnosis {
  /** Calls of fn in each of the two windows. */
  windows: [number, number];
  groups: HeapLeakGroup[];
  /** Used heap when the snapshot was taken, bytes. */
  heapBytes: number;
  durationMs: number;
  /** Path of the kept `.heapsnapshot`, when asked for. */
  snapshotFile?: string | undefined;
  /** Why no groups could be given (diagnosis failed or found nothing that grows). */
  note?: string | undefined;
  /** Where the time went, ms: tracked windows, snapshot (V8 writes the file), parse, analysis (BFS, grouping, paths). */
  stages?: { windows: number; snapshot: number; parse: number; analysis: number } | undefined;
}

export interface HeapDiagnosisOptions {
  /** Keep the `.heapsnapshot`: true (temp directory) or a directory. */
  keepSnapshot: boolean | string;
  /** Calls of fn in the first window; the second has twice as many. Default 10. */
  windowCalls?: number;
}

/** JS object kinds a leak is made of; engine internals (code, shapes, hidden, arrays' stores) are left out. */
const COUNTED_TYPES = new Set(['object', 'closure', 'regexp', 'string', 'concatenated string', 'sliced string']);

/**
 * Diagnoses a JS heap leak: with allocation tracking on (new objects get increasing ids, traced ones their
 * allocation stack), runs fn `windowCalls` times, then twice as many, separated by id boundaries; takes one heap
 * snapshot; keeps the new objects still alive; groups them by class and retainer path; reports the groups that
 * grew in both windows, proportionally, with the shortest retainer path and the allocation stack.
 */
export async function diagnoseHeapLeak(harness: CycleHarness, options: HeapDiagnosisOptions): Promise<HeapDiagnosis> {
  const started = performance.now();
  const windowCalls = options.windowCalls ?? 10;
  const windows: [number, number] = [windowCalls, windowCalls * 2];
  const directory = typeof options.keepSnapshot === 'string' ? options.keepSnapshot : mkdtempSync(path.join(tmpdir(), 'leakproof-'));
  const file = path.join(directory, `leakproof-${process.pid}-${Date.now()}.heapsnapshot`);
  const session = new InspectorSession().connect();
  const scripts = new Map<number, ParsedScript>();
  const stopListening = session.on<{ scriptId: string; url: string; sourceMapURL?: string }>('Debugger.scriptParsed', (script) => {
    scripts.set(Number(script.scriptId), { url: script.url, sourceMapURL: script.sourceMapURL ?? '' });
  });
  let heapBytes = 0;
  const markers: WindowMarker[] = [];
  const stages = { windows: 0, snapshot: 0, parse: 0, analysis: 0 };
  try {
    await session.post('Debugger.enable');
    await session.post('HeapProfiler.enable');
    await deoptimizeAll(session);
    await nextMacrotask();
    // Boundaries (heap-id-boundary.ts): an object gets its id at the first update of the id map (a full GC + heap
    // walk) or snapshot that meets it. Tracking starts with an update (every object alive gets an id); a marker
    // takes the next id (opens the first window); an update and a second marker between the windows close the
    // first; the snapshot closes the second: it collects and gives every object it meets an id, all above the
    // second marker. Allocation tracking records allocation stacks (complete ones since deoptimizeAll; an object
    // without one still gets its id in its window). The windows only call fn: no GC and no macrotask turn of ours
    // (the updates and the snapshot collect; a turn of the event loop would run the inspector's overdue timer
    // update, ~0.2 s at 50 MB). An async fn turns the loop itself: updates then come during the windows, which
    // only gives ids earlier, inside their window.
    await session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
    markers.push(markWindowBoundary());
    await harness.call(windows[0], 'measurement');
    await updateIdMapNow(session);
    markers.push(markWindowBoundary());
    await harness.call(windows[1], 'measurement');
    stages.windows = performance.now() - started;
    v8.writeHeapSnapshot(file);
    heapBytes = v8.getHeapStatistics().used_heap_size;
    stages.snapshot = performance.now() - started - stages.windows;
  } catch (error) {
    if (options.keepSnapshot === false) rmSync(directory, { recursive: true, force: true });
    throw error;
  } finally {
    stopListening();
    await session.post('HeapProfiler.disable').catch(() => undefined);
    await session.post('Debugger.disable').catch(() => undefined);
    session.disconnect();
  }
  try {
    const parseStart = performance.now();
    const snapshot = readHeapSnapshot(file);
    stages.parse = performance.now() - parseStart;
    const [start, middle] = markerIds(snapshot, markers) as [number, number];
    const groups = findLeakGroups(snapshot, windows, [start, middle, Number.POSITIVE_INFINITY], scripts);
    stages.analysis = performance.now() - parseStart - stages.parse;
    const kept = options.keepSnapshot !== false ? file : undefined;
    return {
      windows,
      groups,
      heapBytes,
      durationMs: performance.now() - started,
      snapshotFile: kept,
      stages,
      note: groups.length === 0 ? 'no class of JS objects grew with the iterations (the growth may be in engine-internal storage, e.g. a growing array or hash table)' : undefined,
    };
  } finally {
    if (options.keepSnapshot === false) rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * V8's allocation tracker records, for each physical stack frame, the function that frame runs: in optimized code
 * the functions inlined into it are missing. After the measurement's thousands of calls fn is usually optimized
 * with the user's allocating function inlined (or leakproof's harness with fn inlined, so no user frame is left:
 * "not recorded"). Turning precise coverage on deoptimizes every function (V8 `Coverage::SelectMode`); it is
 * turned off at once. The diagnosis windows' 30 calls run unoptimized, so every frame is recorded.
 */
async function deoptimizeAll(session: InspectorSession): Promise<void> {
  await session.post('Profiler.enable');
  try {
    await session.post('Profiler.startPreciseCoverage', { callCount: false, detailed: false });
    await session.post('Profiler.stopPreciseCoverage');
  } finally {
    await session.post('Profiler.disable');
  }
}

/**
 * The new, surviving objects grouped by class + retainer path, keeping groups that grew with the iterations.
 * `boundaries`: ids opening the first window, opening the second, closing the second (Infinity when the snapshot
 * itself closed it); window k holds the ids in (boundaries[k], boundaries[k + 1]].
 */
export function findLeakGroups(
  snapshot: HeapSnapshot,
  windows: [number, number],
  boundaries: [number, number, number],
  scripts: ReadonlyMap<number, ParsedScript>,
): HeapLeakGroup[] {
  const [start, middle, end] = boundaries;
  const tree = new RetainerTree(snapshot);
  const urls = new Map<number, string>();
  for (const [id, script] of scripts) urls.set(id, script.url);
  const mapper = new SourceMapper(scripts);
  const renderer = new PathRenderer(snapshot, tree, urls, (scriptId) => mapper.sourceText(scriptId));
  interface Draft {
    className: string;
    counts: [number, number];
    bytes: number;
    oldest: number;
    /** A member whose allocation V8 recorded (one with a trace, when any has one). */
    traced: number;
    edges: number[];
  }
  const byKey = new Map<string, Draft>();
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const id = snapshot.id(node);
    if (id <= start || id > end) continue;
    if (!COUNTED_TYPES.has(snapshot.type(node)) || !tree.reachable(node)) continue;
    const className = renderer.className(node);
    if (className.startsWith('system /')) continue;
    const edges = tree.pathTo(node);
    if (heldByEngineRoot(snapshot, edges) || heldByBytecode(snapshot, edges)) continue;
    const key = `${className}|${signature(snapshot, edges)}`;
    let draft = byKey.get(key);
    if (!draft) {
      draft = { className, counts: [0, 0], bytes: 0, oldest: node, traced: node, edges };
      byKey.set(key, draft);
    }
    draft.counts[id <= middle ? 0 : 1]++;
    if (snapshot.traceNodeId(node) !== 0 && snapshot.traceNodeId(draft.traced) === 0) draft.traced = node;
    draft.bytes += snapshot.selfSize(node);
    if (id < snapshot.id(draft.oldest)) {
      draft.oldest = node;
      draft.edges = edges;
    }
  }
  const growing = [...byKey.values()].filter((draft) => growsWithIterations(draft.counts, windows));
  // Most objects first; strings (keys, labels) after the objects they belong to.
  const isString = (draft: Draft): number => (draft.className === 'string' ? 1 : 0);
  growing.sort((a, b) => isString(a) - isString(b) || b.counts[0] + b.counts[1] - (a.counts[0] + a.counts[1]) || b.bytes - a.bytes);
  // A group whose path runs through another new object is held by that object: list it under its holder.
  const isNew = (node: number): boolean => {
    const id = snapshot.id(node);
    return id > start && id <= end && COUNTED_TYPES.has(snapshot.type(node));
  };
  const holderOf = (draft: Draft): number | undefined => {
    for (let i = draft.edges.length - 2; i >= 0; i--) {
      const node = snapshot.edgeTarget[draft.edges[i] as number] as number;
      if (isNew(node) && renderer.className(node) !== draft.className) return node;
    }
    return undefined;
  };
  const topLevel: Draft[] = [];
  const held: Array<{ draft: Draft; holder: number }> = [];
  for (const draft of growing) {
    const holder = holderOf(draft);
    if (holder === undefined) topLevel.push(draft);
    else held.push({ draft, holder });
  }
  const top = topLevel.slice(0, 5);
  const calls0 = windows[0] + windows[1];
  const holds = new Map<Draft, Record<string, number>>();
  for (const { draft, holder } of held) {
    const owner = top.find((candidate) => candidate.edges.some((edge) => snapshot.edgeTarget[edge] === holder) || signatureOwns(snapshot, candidate, holder));
    if (!owner) continue;
    const record = holds.get(owner) ?? {};
    record[draft.className] = (record[draft.className] ?? 0) + (draft.counts[0] + draft.counts[1]) / calls0;
    holds.set(owner, record);
  }
  renderer.prepare(top.map((draft) => draft.edges));
  const calls = windows[0] + windows[1];
  return top.map((draft) => ({
    className: draft.className,
    counts: draft.counts,
    countPerIteration: (draft.counts[0] + draft.counts[1]) / calls,
    bytesPerIteration: draft.bytes / calls,
    path: renderer.render(draft.edges),
    allocation: allocationStackOf(snapshot, draft.traced, mapper, (source) => renderer.displayPath(source), draft.className),
    holds: holds.get(draft) ?? {},
    closure: closureSiteOf(snapshot, draft.oldest, mapper, (scriptId) => urls.get(scriptId), (source) => renderer.displayPath(source)),
  }));
}

/**
 * GC subroots whose objects are never a leak's evidence: the handles on the stack while the snapshot is taken (the
 * snapshot call's own arguments). (The string table's subroot is not followed at all: retainer-tree.ts.)
 */
const ENGINE_SUBROOTS = new Set(['(Handle scope)']);

/** True when the path leaves the GC roots through one of the ENGINE_SUBROOTS. */
function heldByEngineRoot(snapshot: HeapSnapshot, edges: readonly number[]): boolean {
  for (let i = 0; i < edges.length && i < 3; i++) {
    const node = snapshot.edgeTarget[edges[i] as number] as number;
    if (snapshot.type(node) !== 'synthetic') return false;
    if (ENGINE_SUBROOTS.has(snapshot.name(node))) return true;
  }
  return false;
}

/**
 * True when the path runs through compiled code (a BytecodeArray's constant pool): the literals of a function
 * compiled while the windows ran (node compiles its snapshot helpers lazily; deoptimizeAll drops code that is
 * compiled again), never data a call kept. Node 24, first diagnosis of a process: `string 1 + 2` retained by
 * `getHeapSnapshotOptions -> (internal shared) -> (system / BytecodeArray) -> (constant pool)`.
 */
function heldByBytecode(snapshot: HeapSnapshot, edges: readonly number[]): boolean {
  for (let i = 0; i < edges.length - 1; i++) {
    if (snapshot.name(snapshot.edgeTarget[edges[i] as number] as number) === 'system / BytecodeArray') return true;
  }
  return false;
}

/** True when `holder` is an object of the candidate's class reached through the candidate's path signature. */
function signatureOwns(snapshot: HeapSnapshot, candidate: { className: string; edges: number[] }, holder: number): boolean {
  return snapshot.name(holder) === candidate.className || (snapshot.type(holder) === 'closure' && candidate.className === `${snapshot.name(holder) || 'anonymous'}()`);
}

/**
 * A leak leaves objects in both windows, about in proportion to their calls (the second window has twice as many).
 * One-off objects (a cache filling, lazily created state) show in one window only, or as many in each.
 */
function growsWithIterations(counts: [number, number], windows: [number, number]): boolean {
  const [first, second] = counts;
  if (first < 1 || second < 2) return false;
  const ratio = second / first;
  const expected = windows[1] / windows[0];
  return ratio >= expected * 0.6 && ratio <= expected * 1.7 + 1;
}

/**
 * Retainer path key: edge kinds and names, element indices and hash-table slots folded. A linked list (e.g. node's
 * timer list) repeats one segment once per element: the repetition is folded. node's timer list is doubly linked
 * and the shortest path reaches some Timeouts from the head (`_idleNext`) and others from the tail (`_idlePrev`):
 * both directions are one key, so one timer leak stays one group.
 */
function signature(snapshot: HeapSnapshot, edges: readonly number[]): string {
  let key = '';
  let previous = '';
  for (const edge of edges) {
    const type = snapshot.edgeTypeName(edge);
    const raw = snapshot.edgeLabel(edge);
    const label = type === 'element' || type === 'hidden' || /^\d+$/.test(raw) ? '#' : raw === '_idlePrev' ? '_idleNext' : raw;
    const segment = `/${type}:${label}`;
    if (segment !== previous) key += segment;
    previous = segment;
  }
  return key;
}
