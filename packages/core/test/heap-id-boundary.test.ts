import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { afterAll, expect, test, vi } from 'vitest';
import { markerIds, markWindowBoundary, updateIdMapNow } from '../src/diagnosis/heap-id-boundary.js';
import { readHeapSnapshot } from '../src/diagnosis/heap-snapshot.js';
import { InspectorSession } from '../src/diagnosis/inspector-session.js';

const directory = mkdtempSync(join(tmpdir(), 'leakproof-boundary-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

class BeforeTracking {}
class FirstWindow {}
class SecondWindow {}

test('markers split the objects made before, between and after them; allocation tracking runs on after an update now', async () => {
  const kept: object[] = [new BeforeTracking(), new BeforeTracking()];
  const session = new InspectorSession().connect();
  const file = join(directory, 'boundary.heapsnapshot');
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
    const markers = [markWindowBoundary()];
    for (let i = 0; i < 10; i++) kept.push(new FirstWindow());
    await updateIdMapNow(session);
    markers.push(markWindowBoundary());
    for (let i = 0; i < 20; i++) kept.push(new SecondWindow());
    v8.writeHeapSnapshot(file);
    const snapshot = readHeapSnapshot(file);
    const [start, middle] = markerIds(snapshot, markers) as [number, number];
    expect(markers[0]?.name).not.toBe(markers[1]?.name);
    expect(start).toBeLessThan(middle);
    const objects = (className: string): Array<{ id: number; traced: boolean }> => {
      const found: Array<{ id: number; traced: boolean }> = [];
      for (let node = 0; node < snapshot.nodeCount; node++) {
        if (snapshot.type(node) === 'object' && snapshot.name(node) === className) found.push({ id: snapshot.id(node), traced: snapshot.traceNodeId(node) !== 0 });
      }
      return found;
    };
    const before = objects('BeforeTracking');
    const first = objects('FirstWindow');
    const second = objects('SecondWindow');
    expect([before.length, first.length, second.length]).toEqual([2, 10, 20]);
    expect(before.every((object) => object.id <= start && !object.traced)).toBe(true);
    expect(first.every((object) => object.id > start && object.id <= middle)).toBe(true);
    // Allocation tracking still runs after the update: the second window's objects have their stacks. (The first
    // window's may have lost theirs: V8 stops following the moves of objects that have an id, and a GC moved them.)
    expect(second.every((object) => object.id > middle && object.traced)).toBe(true);
    expect(() => markerIds(snapshot, [{ name: 'leakproofWindowMark_nobody', fn: () => undefined }])).toThrow(
      'the window marker leakproofWindowMark_nobody is missing from the heap snapshot',
    );
  } finally {
    await session.post('HeapProfiler.disable').catch(() => undefined);
    session.disconnect();
  }
  expect(kept.length).toBe(32);
});

test('markers of two module instances in one process never share a name (nor, on Node 24, a compiled function)', async () => {
  // Two fresh instances, as two test files get them: their counters both start at 1.
  vi.resetModules();
  const first = await import('../src/diagnosis/heap-id-boundary.js');
  vi.resetModules();
  const second = await import('../src/diagnosis/heap-id-boundary.js');
  expect(first).not.toBe(second);
  const names = [first.markWindowBoundary().name, second.markWindowBoundary().name, first.markWindowBoundary().name, second.markWindowBoundary().name];
  expect(new Set(names).size).toBe(4);
});
