import type { HeapSnapshot } from './heap-snapshot.js';

/** The synthetic subroot V8's heap snapshot lists the string table's entries under. */
const STRING_TABLE_ROOT = '(Internalized strings)';
/** GC subroots searched after all others: native frames' local handles, engine tables registered as strong roots. */
const DEFERRED_ROOTS = ['(Handle scope)', '(Strong roots)'];
const DEFERRED = 1;
const NOT_FOLLOWED = 2;

/**
 * Shortest retainer paths from the snapshot's root: one breadth-first search over strong edges, DevTools' rule —
 * weak edges never count, and shortcut edges count only from the root. The string table's subroot
 * (`(Internalized strings)`) is not followed either: V8's collector holds the table weakly, and its shortest path
 * would reach every internalized string (property keys, code constants) in one step, hiding what really retains
 * it (e.g. a dictionary object's key). The engine's transient roots (DEFERRED_ROOTS) are searched last: a native
 * frame's handle, or an engine table registered as strong roots, that happens to hold a long-lived object while
 * the snapshot is taken gives a path of three steps, shorter than the real owner's, and says nothing about why the
 * object stays alive. Seen in Vitest worker threads, on the array a leak pushes to: `(Handle scope) -> Array`
 * and `(Strong roots) -> Array (94 / IdentityMapBase)`, intermittently; the leak's group then had a path unlike
 * any other run's, or none kept (heap-diagnosis.ts drops objects held by handles). An object only those roots hold
 * keeps its path through them. `parentEdge[n]` is the edge through which n was first reached (-1: unreachable), so
 * the path to any node is rebuilt by walking back.
 */
export class RetainerTree {
  readonly parentEdge: Int32Array;
  readonly parentNode: Int32Array;

  constructor(private readonly snapshot: HeapSnapshot) {
    const count = snapshot.nodeCount;
    this.parentEdge = new Int32Array(count).fill(-1);
    this.parentNode = new Int32Array(count).fill(-1);
    const weak = snapshot.edgeTypes.indexOf('weak');
    const shortcut = snapshot.edgeTypes.indexOf('shortcut');
    const queue = new Uint32Array(count);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    this.parentNode[0] = 0;
    const { firstEdge, edgeType, edgeTarget } = snapshot;
    const deferred = DEFERRED_ROOTS.flatMap((name) => syntheticsBelowRoot(snapshot, name));
    const role = new Uint8Array(count);
    for (const root of deferred) role[root] = DEFERRED;
    for (const table of syntheticsBelowRoot(snapshot, STRING_TABLE_ROOT)) role[table] = NOT_FOLLOWED;
    let deferredQueued = false;
    for (;;) {
      while (head < tail) {
        const node = queue[head++] as number;
        if (role[node] === NOT_FOLLOWED) continue;
        const end = firstEdge[node + 1] as number;
        for (let edge = firstEdge[node] as number; edge < end; edge++) {
          const type = edgeType[edge];
          if (type === weak || (type === shortcut && node !== 0)) continue;
          const target = edgeTarget[edge] as number;
          if (this.parentNode[target] !== -1) continue;
          this.parentNode[target] = node;
          this.parentEdge[target] = edge;
          if (role[target] !== DEFERRED) queue[tail++] = target;
        }
      }
      // Everything else is reached: now what only the deferred roots hold.
      if (deferredQueued) break;
      deferredQueued = true;
      for (const root of deferred) if (this.parentNode[root] !== -1) queue[tail++] = root;
      if (head === tail) break;
    }
  }

  reachable(node: number): boolean {
    return this.parentNode[node] !== -1;
  }

  /** Edges from the root to `node`, root side first; empty when unreachable. */
  pathTo(node: number): number[] {
    const edges: number[] = [];
    let current = node;
    while (current !== 0 && this.parentEdge[current] !== -1) {
      edges.push(this.parentEdge[current] as number);
      current = this.parentNode[current] as number;
      if (edges.length > 10_000) break;
    }
    return edges.reverse();
  }

  /** Node each edge of a path leaves from. */
  sourceOf(edge: number): number {
    return this.parentNode[this.snapshot.edgeTarget[edge] as number] as number;
  }
}

/**
 * Ordinals of the synthetic nodes of this name among the root's children and grandchildren (the GC subroots). A
 * name can appear more than once: V8 lists `(Strong roots)` twice (checked on Node 20).
 */
function syntheticsBelowRoot(snapshot: HeapSnapshot, name: string): number[] {
  const { firstEdge, edgeTarget } = snapshot;
  const found: number[] = [];
  for (let edge = firstEdge[0] as number; edge < (firstEdge[1] as number); edge++) {
    const child = edgeTarget[edge] as number;
    if (snapshot.type(child) !== 'synthetic') continue;
    if (snapshot.name(child) === name) found.push(child);
    for (let inner = firstEdge[child] as number; inner < (firstEdge[child + 1] as number); inner++) {
      const grandchild = edgeTarget[inner] as number;
      if (snapshot.type(grandchild) === 'synthetic' && snapshot.name(grandchild) === name) found.push(grandchild);
    }
  }
  return found;
}
