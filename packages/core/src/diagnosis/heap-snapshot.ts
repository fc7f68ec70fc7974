import { readFileSync } from 'node:fs';
import { readSnapshotEdges, readSnapshotNumbers, type SnapshotEdges } from './snapshot-numbers.js';

/** The `snapshot.meta` block of a `.heapsnapshot` file: field names and enum values of the flat arrays. */
interface SnapshotMeta {
  node_fields: string[];
  node_types: [string[], ...unknown[]];
  edge_fields: string[];
  edge_types: [string[], ...unknown[]];
  trace_function_info_fields?: string[];
  location_fields?: string[];
}

/**
 * A V8 heap snapshot held as flat typed arrays (the file's own layout), with the few accessors the diagnosis needs.
 * Node ordinals (0..nodeCount-1) index nodes; `firstEdge[n]..firstEdge[n+1]` are n's outgoing edges (edge ordinals).
 */
export class HeapSnapshot {
  readonly nodeCount: number;
  readonly edgeCount: number;
  private readonly nodeFieldCount: number;
  private readonly typeOffset: number;
  private readonly nameOffset: number;
  private readonly idOffset: number;
  private readonly sizeOffset: number;
  private readonly traceOffset: number;
  readonly nodeTypes: readonly string[];
  readonly edgeTypes: readonly string[];
  /** Edge ordinal range of each node. */
  readonly firstEdge: Uint32Array;
  /** Per edge: type index, name (string index or element index), target node ordinal. */
  readonly edgeType: Uint8Array;
  readonly edgeName: Uint32Array;
  readonly edgeTarget: Uint32Array;
  /** Allocation traces (present when allocations were tracked): trace node id -> [function info index, parent trace id]. */
  readonly traceParent = new Map<number, number>();
  readonly traceFunction = new Map<number, number>();
  /** trace_function_infos: per function info, [name, script name, script id, line, column] (line/column 1-based). */
  readonly traceFunctionInfos: Array<{ name: string; scriptName: string; scriptId: number; line: number; column: number }> = [];
  /** Closure source locations: node ordinal -> script id, line, column (0-based). */
  readonly locations = new Map<number, { scriptId: number; line: number; column: number }>();

  constructor(
    readonly nodes: Uint32Array,
    edges: SnapshotEdges,
    readonly strings: readonly string[],
    meta: SnapshotMeta,
    traceFunctionInfos: readonly number[],
    traceTree: readonly unknown[],
    locations: readonly number[],
  ) {
    this.nodeFieldCount = meta.node_fields.length;
    this.typeOffset = meta.node_fields.indexOf('type');
    this.nameOffset = meta.node_fields.indexOf('name');
    this.idOffset = meta.node_fields.indexOf('id');
    this.sizeOffset = meta.node_fields.indexOf('self_size');
    this.traceOffset = meta.node_fields.indexOf('trace_node_id');
    const edgeCountOffset = meta.node_fields.indexOf('edge_count');
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    this.nodeCount = nodes.length / this.nodeFieldCount;
    this.edgeType = edges.type;
    this.edgeName = edges.name;
    this.edgeTarget = edges.target;
    this.edgeCount = edges.target.length;
    this.firstEdge = new Uint32Array(this.nodeCount + 1);
    let edge = 0;
    for (let n = 0; n < this.nodeCount; n++) {
      this.firstEdge[n] = edge;
      edge += nodes[n * this.nodeFieldCount + edgeCountOffset] as number;
    }
    this.firstEdge[this.nodeCount] = edge;
    if (edge !== this.edgeCount) throw new Error(`heap snapshot: nodes list ${edge} edges, the edges array holds ${this.edgeCount}`);
    const infoFields = meta.trace_function_info_fields ?? [];
    for (let i = 0; i + infoFields.length <= traceFunctionInfos.length && infoFields.length > 0; i += infoFields.length) {
      const field = (name: string): number => traceFunctionInfos[i + infoFields.indexOf(name)] as number;
      this.traceFunctionInfos.push({
        name: strings[field('name')] ?? '',
        scriptName: strings[field('script_name')] ?? '',
        scriptId: field('script_id'),
        line: field('line'),
        column: field('column'),
      });
    }
    this.readTraceTree(traceTree, 0);
    const locationFields = meta.location_fields ?? [];
    if (locationFields.length > 0) {
      const objectOffset = locationFields.indexOf('object_index');
      const scriptOffset = locationFields.indexOf('script_id');
      const lineOffset = locationFields.indexOf('line');
      const columnOffset = locationFields.indexOf('column');
      for (let i = 0; i < locations.length; i += locationFields.length) {
        this.locations.set((locations[i + objectOffset] as number) / this.nodeFieldCount, {
          scriptId: locations[i + scriptOffset] as number,
          line: locations[i + lineOffset] as number,
          column: locations[i + columnOffset] as number,
        });
      }
    }
  }

  private readTraceTree(level: readonly unknown[], parent: number): void {
    // [id, function_info_index, count, size, children[], id, ...] nested.
    for (let i = 0; i + 4 < level.length; i += 5) {
      const id = level[i] as number;
      this.traceFunction.set(id, level[i + 1] as number);
      this.traceParent.set(id, parent);
      this.readTraceTree(level[i + 4] as unknown[], id);
    }
  }

  /** Index of the node's type in `nodeTypes` (cheaper than type() in loops over every node). */
  typeIndex(node: number): number {
    return this.nodes[node * this.nodeFieldCount + this.typeOffset] as number;
  }

  type(node: number): string {
    return this.nodeTypes[this.typeIndex(node)] ?? 'unknown';
  }

  name(node: number): string {
    return this.strings[this.nodes[node * this.nodeFieldCount + this.nameOffset] as number] ?? '';
  }

  id(node: number): number {
    return this.nodes[node * this.nodeFieldCount + this.idOffset] as number;
  }

  selfSize(node: number): number {
    return this.nodes[node * this.nodeFieldCount + this.sizeOffset] as number;
  }

  traceNodeId(node: number): number {
    return this.traceOffset < 0 ? 0 : (this.nodes[node * this.nodeFieldCount + this.traceOffset] as number);
  }

  edgeTypeName(edge: number): string {
    return this.edgeTypes[this.edgeType[edge] as number] ?? 'unknown';
  }

  /** Property/context/internal edges carry a string name; element and hidden edges an index. */
  edgeLabel(edge: number): string {
    const type = this.edgeTypeName(edge);
    const raw = this.edgeName[edge] as number;
    return type === 'element' || type === 'hidden' ? String(raw) : (this.strings[raw] ?? String(raw));
  }

  /** Ordinal of the node with this snapshot id, or -1. Linear: use for a handful of lookups only. */
  findById(id: number): number {
    for (let n = 0; n < this.nodeCount; n++) if (this.id(n) === id) return n;
    return -1;
  }
}

/**
 * Reads a `.heapsnapshot` file. The big numeric arrays are parsed straight into typed arrays (snapshot-numbers.ts;
 * JSON.parse of them is slow and heavy: ~1.2 M nodes and 3.7 M edges at 50 MB of heap); the rest (header, strings,
 * traces) with JSON.parse.
 */
export function readHeapSnapshot(file: string): HeapSnapshot {
  const bytes = readFileSync(file);
  const headerEnd = bytes.indexOf('"nodes":');
  const header = JSON.parse(`${bytes.subarray(0, headerEnd).toString('utf8').replace(/,\s*$/, '')}}`) as {
    snapshot: { meta: SnapshotMeta; node_count: number; edge_count: number };
  };
  const meta = header.snapshot.meta;
  const nodes = new Uint32Array(header.snapshot.node_count * meta.node_fields.length);
  const nodesEnd = readSnapshotNumbers(bytes, headerEnd, nodes, 'nodes');
  const edgeFields = meta.edge_fields;
  const layout = {
    fields: edgeFields.length,
    type: edgeFields.indexOf('type'),
    name: edgeFields.indexOf('name_or_index'),
    toNode: edgeFields.indexOf('to_node'),
    nodeFields: meta.node_fields.length,
  };
  if (layout.type < 0 || layout.name < 0 || layout.toNode < 0) throw new Error(`heap snapshot: edge_fields ${JSON.stringify(edgeFields)} lack type, name_or_index or to_node`);
  const { edges, end: edgesEnd } = readSnapshotEdges(bytes, bytes.indexOf('"edges":', nodesEnd), layout, header.snapshot.edge_count);
  const rest = `{${bytes.subarray(bytes.indexOf('"', edgesEnd), bytes.length).toString('utf8')}`;
  const tail = JSON.parse(rest) as {
    trace_function_infos?: number[];
    trace_tree?: unknown[];
    locations?: number[];
    strings: string[];
  };
  return new HeapSnapshot(nodes, edges, tail.strings, meta, tail.trace_function_infos ?? [], tail.trace_tree ?? [], tail.locations ?? []);
}
