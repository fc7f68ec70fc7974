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
    edges: Uint32Array,
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
    const edgeFieldCount = meta.edge_fields.length;
    const edgeTypeOffset = meta.edge_fields.indexOf('type');
    const edgeNameOffset = meta.edge_fields.indexOf('name_or_index');
    const edgeToOffset = meta.edge_fields.indexOf('to_node');
    this.edgeCount = edges.length / edgeFieldCount;
    this.firstEdge = new Uint32Array(this.nodeCount + 1);
    let edge = 0;
    for (let n = 0; n < this.nodeCount; n++) {
      this.firstEdge[n] = edge;
      edge += nodes[n * this.nodeFieldCount + edgeCountOffset] as number;
    }
    this.firstEdge[this.nodeCount] = edge;
    this.edgeType = new Uint8Array(this.edgeCount);
    this.edgeName = new Uint32Array(this.edgeCount);
    this.edgeTarget = new Uint32Array(this.edgeCount);
    for (let e = 0; e < this.edgeCount; e++) {
      const base = e * edgeFieldCount;
      this.edgeType[e] = edges[base + edgeTypeOffset] as number;
      this.edgeName[e] = edges[base + edgeNameOffset] as number;
      this.edgeTarget[e] = (edges[base + edgeToOffset] as number) / this.nodeFieldCount;
    }
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

/** Reads a `.heapsnapshot` file. The big numeric arrays are parsed by hand (JSON.parse of them is slow and heavy). */
export function readHeapSnapshot(file: string): HeapSnapshot {
  const bytes = readFileSync(file);
  const headerEnd = bytes.indexOf('"nodes":');
  const header = JSON.parse(`${bytes.subarray(0, headerEnd).toString('utf8').replace(/,\s*$/, '')}}`) as {
    snapshot: { meta: SnapshotMeta; node_count: number; edge_count: number };
  };
  const meta = header.snapshot.meta;
  const nodes = new Uint32Array(header.snapshot.node_count * meta.node_fields.length);
  let position = parseNumberArray(bytes, headerEnd, nodes);
  const edgesStart = bytes.indexOf('"edges":', position);
  const edges = new Uint32Array(header.snapshot.edge_count * meta.edge_fields.length);
  position = parseNumberArray(bytes, edgesStart, edges);
  const rest = `{${bytes.subarray(bytes.indexOf('"', position), bytes.length).toString('utf8')}`;
  const tail = JSON.parse(rest) as {
    trace_function_infos?: number[];
    trace_tree?: unknown[];
    locations?: number[];
    strings: string[];
  };
  return new HeapSnapshot(nodes, edges, tail.strings, meta, tail.trace_function_infos ?? [], tail.trace_tree ?? [], tail.locations ?? []);
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const ZERO = 0x30;
const NINE = 0x39;

/** Parses the `[n,n,...]` that follows `from` into `target`; returns the position after the closing bracket. */
function parseNumberArray(bytes: Buffer, from: number, target: Uint32Array): number {
  let i = bytes.indexOf(OPEN_BRACKET, from) + 1;
  let index = 0;
  let value = 0;
  let inNumber = false;
  for (; i < bytes.length; i++) {
    const c = bytes[i] as number;
    if (c >= ZERO && c <= NINE) {
      value = value * 10 + (c - ZERO);
      inNumber = true;
    } else {
      if (inNumber) {
        target[index++] = value;
        value = 0;
        inNumber = false;
      }
      if (c === CLOSE_BRACKET) break;
    }
  }
  if (index !== target.length) throw new Error(`heap snapshot: expected ${target.length} numbers, read ${index}`);
  return i + 1;
}
