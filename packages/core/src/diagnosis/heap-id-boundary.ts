import { randomBytes } from 'node:crypto';
import vm from 'node:vm';
import type { HeapSnapshot } from './heap-snapshot.js';
import type { InspectorSession } from './inspector-session.js';

/**
 * Heap object ids as time boundaries. V8 gives an object its id the first time it sees it (`HeapObjectsMap`,
 * one counter that only goes up): at an update of the id map (a full GC + heap walk), at a heap snapshot, or when
 * the inspector asks for that one object's id. Allocation tracking records stacks but assigns no ids to the
 * objects it sees allocated, and `HeapProfiler.getHeapObjectId` only looks ids up (0 for an object made since the
 * last update), so only an update gives ids to the objects made since the last one.
 *
 * What the tracker does give an id at once is the SharedFunctionInfo of every function on an allocation's stack
 * (the next id of the counter, when it has none yet): a function compiled and called right after an update takes
 * the next id, a boundary between every object alive at the update and every object made after the call.
 *
 * The inspector updates the map when tracking starts and then every 50 ms (a timer; each update followed by a
 * `HeapProfiler.lastSeenObjectId` event); an update takes longer than 50 ms at a few MB of heap, so the timer is
 * always due once one finishes, and any turn of the event loop runs one more.
 */

/** A function compiled for one boundary; kept alive until the snapshot that reads its id is taken. */
export interface WindowMarker {
  readonly name: string;
  readonly fn: () => unknown;
}

let markersMade = 0;
/**
 * Tells this module instance's markers from another's in the same process: a runner gives each test file its own
 * module instances (Jest, Vitest's vmThreads), whose counters all start at 1, and Node 24's compilation cache hands
 * an identical source the SharedFunctionInfo it compiled before, which may already have an id (a boundary far too
 * low). Checked: two vm.compileFunction of one source share one SharedFunctionInfo on Node 24, not on Node 20.
 */
const instanceTag = randomBytes(6).toString('hex');

/**
 * Marks "now" in the id sequence: compiles a new function (a source unique in the process, so a new
 * SharedFunctionInfo, never one from the compilation cache) and calls it; it allocates, allocation tracking records its stack, and its
 * SharedFunctionInfo gets the next id. Objects that had an id before the call have a lower one, objects made after
 * it get a higher one when an update or the snapshot meets them. Call only while allocations are tracked.
 */
export function markWindowBoundary(): WindowMarker {
  markersMade++;
  const name = `leakproofWindowMark_${instanceTag}_${markersMade}`;
  // vm.compileFunction, not new Function: --disallow-code-generation-from-strings does not apply to it.
  const fn = vm.compileFunction(`return function ${name}() { return []; };`)() as () => unknown;
  fn();
  return { name, fn };
}

/**
 * Updates the id map now (a full GC + heap walk, ~0.2 s at 50 MB of heap here), without waiting for the
 * inspector's timer: every object alive gets an id. `startTrackingHeapObjects` while tracking is on runs one
 * update; with `trackAllocations: false` it leaves the running allocation tracker as it is (V8 creates a tracker
 * only when asked for one): test/heap-id-boundary.test.ts, on Node 20 and 24.
 */
export async function updateIdMapNow(session: InspectorSession): Promise<void> {
  await session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: false });
}

/** The ids the markers' SharedFunctionInfos got when they ran (their closures' `shared` edges in the snapshot). */
export function markerIds(snapshot: HeapSnapshot, markers: readonly WindowMarker[]): number[] {
  const ids = markers.map(() => 0);
  const byName = new Map(markers.map((marker, index) => [marker.name, index]));
  const closureType = snapshot.nodeTypes.indexOf('closure');
  for (let node = 0; node < snapshot.nodeCount; node++) {
    if (snapshot.typeIndex(node) !== closureType) continue;
    const index = byName.get(snapshot.name(node));
    if (index === undefined) continue;
    for (let edge = snapshot.firstEdge[node] as number; edge < (snapshot.firstEdge[node + 1] as number); edge++) {
      if (snapshot.edgeTypeName(edge) === 'internal' && snapshot.edgeLabel(edge) === 'shared') ids[index] = snapshot.id(snapshot.edgeTarget[edge] as number);
    }
  }
  const missing = markers.filter((_, index) => ids[index] === 0).map((marker) => marker.name);
  if (missing.length > 0) throw new Error(`the window marker ${missing.join(', ')} is missing from the heap snapshot`);
  return ids;
}
