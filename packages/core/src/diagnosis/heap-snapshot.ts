import { readFileSync } from 'node:fs';

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

  type(node: number): string {
    return this.nodeTypes[this.nodes[node * this.nodeFieldCount + this.typeOffset] as number] ?? 'unknown';
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

/** The edges of a snapshot split by field: type index, name (string index or element index), target node ordinal. */
export interface SnapshotEdges {
  type: Uint8Array;
  name: Uint32Array;
  target: Uint32Array;
}

/**
 * Reads a `.heapsnapshot` file. The big numeric arrays are parsed by hand, straight into typed arrays (JSON.parse
 * of them is slow and heavy; ~1.2 M nodes and 3.7 M edges at 50 MB of heap); the rest (header, strings, traces)
 * with JSON.parse.
 */
export function readHeapSnapshot(file: string): HeapSnapshot {
  const bytes = readFileSync(file);
  const headerEnd = bytes.indexOf('"nodes":');
  const header = JSON.parse(`${bytes.subarray(0, headerEnd).toString('utf8').replace(/,\s*$/, '')}}`) as {
    snapshot: { meta: SnapshotMeta; node_count: number; edge_count: number };
  };
  const meta = header.snapshot.meta;
  const nodes = new Uint32Array(header.snapshot.node_count * meta.node_fields.length);
  const nodesEnd = readNumbers(bytes, headerEnd, nodes, 'nodes');
  const edgeFields = new Uint32Array(header.snapshot.edge_count * meta.edge_fields.length);
  const edgesEnd = readNumbers(bytes, bytes.indexOf('"edges":', nodesEnd), edgeFields, 'edges');
  const edges = splitEdges(edgeFields, meta, meta.node_fields.length);
  const rest = `{${bytes.subarray(bytes.indexOf('"', edgesEnd), bytes.length).toString('utf8')}`;
  const tail = JSON.parse(rest) as {
    trace_function_infos?: number[];
    trace_tree?: unknown[];
    locations?: number[];
    strings: string[];
  };
  return new HeapSnapshot(nodes, edges, tail.strings, meta, tail.trace_function_infos ?? [], tail.trace_tree ?? [], tail.locations ?? []);
}

/** The flat edges array (`edge_fields` per edge) split by field; `to_node` (a nodes-array offset) becomes an ordinal. */
function splitEdges(flat: Uint32Array, meta: SnapshotMeta, nodeFieldCount: number): SnapshotEdges {
  const fields = meta.edge_fields.length;
  const typeOffset = meta.edge_fields.indexOf('type');
  const nameOffset = meta.edge_fields.indexOf('name_or_index');
  const targetOffset = meta.edge_fields.indexOf('to_node');
  const count = flat.length / fields;
  const type = new Uint8Array(count);
  const name = new Uint32Array(count);
  const target = new Uint32Array(count);
  for (let edge = 0, base = 0; edge < count; edge++, base += fields) {
    type[edge] = flat[base + typeOffset] as number;
    name[edge] = flat[base + nameOffset] as number;
    target[edge] = (flat[base + targetOffset] as number) / nodeFieldCount;
  }
  return { type, name, target };
}

/**
 * Parses the unsigned integers of the `[n,n,\nn,...]` that follows `from` into `target` (exactly as many as it
 * holds); returns the position after the closing bracket. Separators (`,`, newlines) are skipped. Byte literals
 * in the loop ('0' 0x30, '9' 0x39, ']' 0x5d): named constants cost 10-20% here (~80 MB of digits at 50 MB of heap).
 */
function readNumbers(bytes: Buffer, from: number, target: Uint32Array, array: string): number {
  let i = bytes.indexOf(0x5b, from) + 1;
  const count = target.length;
  let index = 0;
  for (; index < count; index++) {
    let c = bytes[i];
    while (c !== undefined && (c < 0x30 || c > 0x39) && c !== 0x5d) c = bytes[++i];
    if (c === undefined || c === 0x5d) break;
    let value = c - 0x30;
    c = bytes[++i];
    while (c !== undefined && c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      c = bytes[++i];
    }
    target[index] = value;
  }
  if (index < count) throw new Error(`heap snapshot: the ${array} array holds ${index} numbers, its header counts ${count}`);
  for (; i < bytes.length && bytes[i] !== 0x5d; i++) {
    const c = bytes[i] as number;
    if (c >= 0x30 && c <= 0x39) throw new Error(`heap snapshot: the ${array} array holds more numbers than its header counts (${count})`);
  }
  return i + 1;
}
