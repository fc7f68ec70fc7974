import type { InspectorSession } from './inspector-session.js';

/**
 * Heap object ids as time boundaries. V8 gives an object its id the first time it sees it (`HeapObjectsMap`,
 * one counter that only goes up): at an update of the id map (a full GC + heap walk), at a heap snapshot, or when
 * the inspector asks for that one object's id. While `HeapProfiler.startTrackingHeapObjects` is on, the map is
 * updated once when tracking starts and then every 50 ms (a timer of the inspector), each update followed by a
 * `HeapProfiler.lastSeenObjectId` event. Allocation tracking records stacks but assigns no ids, and
 * `HeapProfiler.getHeapObjectId` only looks ids up (0 for an object made since the last update), so an update is
 * the only way to learn the last id assigned.
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
