import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readHeapSnapshot, type HeapSnapshot } from '../src/diagnosis/heap-snapshot.js';
import { RetainerTree } from '../src/diagnosis/retainer-tree.js';

const directory = mkdtempSync(join(tmpdir(), 'leakproof-retainer-tree-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

interface GraphNode {
  type: string;
  name: string;
}
interface GraphEdge {
  from: number;
  type: string;
  label: string | number;
  to: number;
}

/** Writes a heap snapshot file of this graph (node 0 is the root), in V8's layout, and reads it back. */
function snapshotOf(nodes: GraphNode[], edges: GraphEdge[]): HeapSnapshot {
  const strings: string[] = [''];
  const stringIndex = (text: string): number => {
    const found = strings.indexOf(text);
    if (found >= 0) return found;
    strings.push(text);
    return strings.length - 1;
  };
  const nodeNumbers: number[] = [];
  const edgeNumbers: number[] = [];
  nodes.forEach((node, ordinal) => {
    const own = edges.filter((edge) => edge.from === ordinal);
    nodeNumbers.push(NODE_TYPES.indexOf(node.type), stringIndex(node.name), ordinal * 2 + 1, 16, own.length, 0, 0);
    for (const edge of own) {
      const label = edge.type === 'element' || edge.type === 'hidden' ? (edge.label as number) : stringIndex(String(edge.label));
      edgeNumbers.push(EDGE_TYPES.indexOf(edge.type), label, edge.to * 7);
    }
  });
  const meta = {
    node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
    node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
  };
  const text =
    `{"snapshot":{"meta":${JSON.stringify(meta)},\n"node_count":${nodes.length},\n"edge_count":${edgeNumbers.length / 3},\n"trace_function_count":0},\n` +
    `"nodes":[${nodeNumbers.join(',')}],\n"edges":[${edgeNumbers.join(',')}],\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[],\n` +
    `"strings":${JSON.stringify(strings)}}`;
  const file = join(directory, `graph-${Math.random().toString(36).slice(2)}.heapsnapshot`);
  writeFileSync(file, text);
  return readHeapSnapshot(file);
}

function pathNames(snapshot: HeapSnapshot, tree: RetainerTree, node: number): string[] {
  return tree.pathTo(node).map((edge) => snapshot.name(snapshot.edgeTarget[edge] as number));
}

describe('RetainerTree', () => {
  // The shape of a Vitest worker thread's snapshot in which a leak's array was also held by an engine table
  // registered as strong roots (an IdentityMap, under the second of V8's two `(Strong roots)` subroots) and by a handle.
  const nodes: GraphNode[] = [
    { type: 'synthetic', name: '' },
    { type: 'synthetic', name: '(GC roots)' },
    { type: 'synthetic', name: '(Strong roots)' },
    { type: 'synthetic', name: '(Stack roots)' },
    { type: 'synthetic', name: '(Strong roots)' },
    { type: 'synthetic', name: '(Handle scope)' },
    { type: 'object', name: 'CycleHarness' },
    { type: 'object', name: 'Array' },
    { type: 'object', name: 'Object' },
    { type: 'object', name: 'OnlyInAHandle' },
    { type: 'object', name: 'OnlyInAnEngineTable' },
  ];
  const edges: GraphEdge[] = [
    { from: 0, type: 'element', label: 1, to: 1 },
    { from: 1, type: 'element', label: 1, to: 2 },
    { from: 1, type: 'element', label: 2, to: 3 },
    { from: 1, type: 'element', label: 3, to: 4 },
    { from: 1, type: 'element', label: 4, to: 5 },
    { from: 3, type: 'internal', label: '63', to: 6 },
    { from: 4, type: 'internal', label: '79 / IdentityMapBase', to: 7 },
    { from: 4, type: 'internal', label: '80 / IdentityMapBase', to: 10 },
    { from: 5, type: 'internal', label: '61', to: 7 },
    { from: 5, type: 'internal', label: '62', to: 9 },
    { from: 6, type: 'property', label: 'retained', to: 7 },
    { from: 7, type: 'element', label: 0, to: 8 },
  ];

  test('a path through the stack wins over a shorter one through handles or either (Strong roots)', () => {
    const snapshot = snapshotOf(nodes, edges);
    const tree = new RetainerTree(snapshot);
    expect(pathNames(snapshot, tree, 8)).toEqual(['(GC roots)', '(Stack roots)', 'CycleHarness', 'Array', 'Object']);
    expect(snapshot.edgeLabel(tree.pathTo(8)[3] as number)).toBe('retained');
  });

  test('what only handles or an engine table hold is still reachable, through them', () => {
    const snapshot = snapshotOf(nodes, edges);
    const tree = new RetainerTree(snapshot);
    expect(tree.reachable(9)).toBe(true);
    expect(pathNames(snapshot, tree, 9)).toEqual(['(GC roots)', '(Handle scope)', 'OnlyInAHandle']);
    expect(pathNames(snapshot, tree, 10)).toEqual(['(GC roots)', '(Strong roots)', 'OnlyInAnEngineTable']);
  });

  test('with no other holder, the array keeps its path through a deferred root', () => {
    const withoutHarness = edges.filter((edge) => !(edge.from === 6 && edge.to === 7));
    const snapshot = snapshotOf(nodes, withoutHarness);
    const tree = new RetainerTree(snapshot);
    expect(tree.reachable(8)).toBe(true);
    expect(pathNames(snapshot, tree, 8)[1]).toMatch(/^\((Strong roots|Handle scope)\)$/);
  });
});
