import type { HeapSnapshot } from './heap-snapshot.js';

/**
 * Shortest retainer paths from the snapshot's root: one breadth-first search over strong edges, DevTools' rule —
 * weak edges never count, and shortcut edges count only from the root. `parentEdge[n]` is the edge through which
 * n was first reached (-1: unreachable), so the path to any node is rebuilt by walking back.
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
    while (head < tail) {
      const node = queue[head++] as number;
      const end = firstEdge[node + 1] as number;
      for (let edge = firstEdge[node] as number; edge < end; edge++) {
        const type = edgeType[edge];
        if (type === weak || (type === shortcut && node !== 0)) continue;
        const target = edgeTarget[edge] as number;
        if (this.parentNode[target] !== -1) continue;
        this.parentNode[target] = node;
        this.parentEdge[target] = edge;
        queue[tail++] = target;
      }
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
