import vm from 'node:vm';
import type { HeapSnapshot } from './heap-snapshot.js';
import type { InspectorSession } from './inspector-session.js';

/**
 * Heap object ids as time boundaries. V8 gives an object its id the first time it sees it (`HeapObjectsMap`,
 * one counter that only goes up): at an update of the id map (a full GC + heap walk), at a heap snapshot, or when
 * the inspector asks for that one object's id. While `HeapProfiler.startTrackingHeapObjects` is on, the map is
 * updated once when tracking starts and then every 50 ms (a timer of the inspector), each update followed by a
 * `HeapProfiler.lastSeenObjectId` event. Allocation tracking records stacks but assigns no ids, and
 * `HeapProfiler.getHeapObjectId` only looks ids up (0 for an object made since the last update), so an update is
 * the only way to learn the last id assigned, or to give ids to the objects made since.
 *
 * One exception opens a window without an update (markWindowStart): while allocations are tracked, the tracker
 * gives the SharedFunctionInfo of every function on an allocation's stack an id at once, the next one of the
 * counter, when it has none yet.
 */

/**
 * Waits for the next update of the id map and returns the last id it assigned: every object alive at the update
 * has an id at or below it, every object made after it gets a higher one. Costs one full GC + heap walk (~0.2 s at
 * 50 MB of heap here).
 */
export function nextIdMapUpdate(session: InspectorSession, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`the inspector reported no HeapProfiler.lastSeenObjectId within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const unsubscribe = session.on<{ lastSeenObjectId: number }>('HeapProfiler.lastSeenObjectId', (event) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(event.lastSeenObjectId);
    });
  });
}

/** A function compiled for one window start; kept alive until the snapshot that reads its id is taken. */
export interface WindowStartMarker {
  readonly name: string;
  readonly fn: () => unknown;
}

let markersMade = 0;

/**
 * Opens a window at once, where an update would cost a full GC + heap walk (~0.2 s at 50 MB) plus up to 50 ms of
 * waiting for the inspector's timer. Compiles a new function (unique source, so a new SharedFunctionInfo, never
 * one from the compilation cache) and calls it: it allocates, allocation tracking records its stack, and the
 * function's SharedFunctionInfo gets the next id. Every object alive at the tracking start got an id below it (the
 * start's update); every object made after the call gets one above it. Call only while allocations are tracked.
 */
export function markWindowStart(): WindowStartMarker {
  markersMade++;
  const name = `leakproofWindowStart_${process.pid}_${markersMade}`;
  // vm.compileFunction, not new Function: --disallow-code-generation-from-strings does not apply to it.
  const fn = vm.compileFunction(`return function ${name}() { return []; };`)() as () => unknown;
  fn();
  return { name, fn };
}

/** The id the marker's SharedFunctionInfo got when it ran (its closure's `shared` edge in the snapshot). */
export function markerId(snapshot: HeapSnapshot, marker: WindowStartMarker): number {
  const closureType = snapshot.nodeTypes.indexOf('closure');
  for (let node = 0; node < snapshot.nodeCount; node++) {
    if (snapshot.typeIndex(node) !== closureType || snapshot.name(node) !== marker.name) continue;
    for (let edge = snapshot.firstEdge[node] as number; edge < (snapshot.firstEdge[node + 1] as number); edge++) {
      if (snapshot.edgeTypeName(edge) === 'internal' && snapshot.edgeLabel(edge) === 'shared') return snapshot.id(snapshot.edgeTarget[edge] as number);
    }
  }
  throw new Error(`the window marker ${marker.name} is missing from the heap snapshot`);
}
