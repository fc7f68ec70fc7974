import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { nextMacrotask } from '../gc.js';
import { readHeapSnapshot } from './heap-snapshot.js';
import { InspectorSession } from './inspector-session.js';
import { PathRenderer } from './readable-path.js';
import { RetainerTree } from './retainer-tree.js';
import { SourceMapper, type ParsedScript } from './source-maps.js';

export interface ObjectRetainers {
  /** Shortest retainer path from a GC root, readable steps; empty when the object was not found. */
  path: string[];
  durationMs: number;
  note?: string | undefined;
}

const SLOT = Symbol.for('leakproof.retainers.target');

/**
 * The retainer path of one live object: its heap snapshot id comes from the inspector (the object is exposed
 * for a moment on the global of the main context, where `Runtime.evaluate` runs, so it can name it, then
 * released), then one snapshot gives its path. The main context's global, not the caller's: under Jest and Vitest
 * vmThreads the test (and this module) run in a vm context, whose global `Runtime.evaluate` does not see.
 */
export async function findObjectRetainers(ref: WeakRef<object>): Promise<ObjectRetainers> {
  const started = performance.now();
  const session = new InspectorSession().connect();
  const scripts = new Map<number, ParsedScript>();
  const stop = session.on<{ scriptId: string; url: string; sourceMapURL?: string }>('Debugger.scriptParsed', (script) => {
    scripts.set(Number(script.scriptId), { url: script.url, sourceMapURL: script.sourceMapURL ?? '' });
  });
  const directory = mkdtempSync(path.join(tmpdir(), 'leakproof-'));
  const file = path.join(directory, 'target.heapsnapshot');
  try {
    await session.post('Debugger.enable');
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: false });
    const id = await heapIdOf(session, ref);
    if (id === 0) return { path: [], durationMs: performance.now() - started, note: 'the object has no heap snapshot id (is the test in a vm context?)' };
    // The lookup kept the object alive until the end of this job (WeakRef.deref): let that pass.
    await nextMacrotask();
    v8.writeHeapSnapshot(file);
    stop();
    await session.post('HeapProfiler.disable');
    await session.post('Debugger.disable');
    const snapshot = readHeapSnapshot(file);
    const node = snapshot.findById(id);
    if (node < 0) return { path: [], durationMs: performance.now() - started, note: `object @${id} is not in the heap snapshot` };
    const tree = new RetainerTree(snapshot);
    const urls = new Map<number, string>();
    for (const [scriptId, script] of scripts) urls.set(scriptId, script.url);
    const mapper = new SourceMapper(scripts);
    const renderer = new PathRenderer(snapshot, tree, urls, (scriptId) => mapper.sourceText(scriptId));
    const edges = tree.pathTo(node);
    renderer.prepare([edges]);
    return { path: renderer.render(edges), durationMs: performance.now() - started };
  } finally {
    stop();
    await session.post('HeapProfiler.disable').catch(() => undefined);
    await session.post('Debugger.disable').catch(() => undefined);
    session.disconnect();
    rmSync(directory, { recursive: true, force: true });
  }
}

async function heapIdOf(session: InspectorSession, ref: WeakRef<object>): Promise<number> {
  const slots = vm.runInThisContext('globalThis') as Record<symbol, unknown>;
  slots[SLOT] = ref.deref();
  try {
    const evaluated = await session.post<{ result: { objectId?: string } }>('Runtime.evaluate', {
      expression: `globalThis[Symbol.for('leakproof.retainers.target')]`,
      objectGroup: 'leakproof',
    });
    if (!evaluated.result.objectId) return 0;
    const { heapSnapshotObjectId } = await session.post<{ heapSnapshotObjectId: string }>('HeapProfiler.getHeapObjectId', {
      objectId: evaluated.result.objectId,
    });
    return Number(heapSnapshotObjectId);
  } finally {
    delete slots[SLOT];
    await session.post('Runtime.releaseObjectGroup', { objectGroup: 'leakproof' }).catch(() => undefined);
  }
}
