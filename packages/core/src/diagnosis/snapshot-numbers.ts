import { loadNative, type NativeAddon, type SnapshotEdgeLayout, type SnapshotNumbersResult } from '@leakproof/native';
import { leakproofHost } from '../host.js';

/** The edges of a snapshot split by field: type index, name (string index or element index), target node ordinal. */
export interface SnapshotEdges {
  type: Uint8Array;
  name: Uint32Array;
  target: Uint32Array;
}

/**
 * The numeric arrays of a `.heapsnapshot` (`nodes`, `edges`: ~20 M numbers, ~80 MB of digits at 50 MB of heap),
 * parsed straight into typed arrays by the addon (~4x faster than JS), or by the JS parser below when the addon
 * is missing or LEAKPROOF_NATIVE=0. Both follow the same rules and report the same problems.
 */
export interface Parsers {
  numbers(bytes: Uint8Array, from: number, target: Uint32Array): SnapshotNumbersResult;
  edges(bytes: Uint8Array, from: number, layout: SnapshotEdgeLayout, edges: SnapshotEdges): SnapshotNumbersResult;
}

/**
 * Parses the unsigned integers of the `[n,n,\nn,...]` that follows `from` into `target` (exactly as many as it
 * holds); returns the position after the closing bracket. `array` names it in errors.
 */
export function readSnapshotNumbers(bytes: Buffer, from: number, target: Uint32Array, array: string): number {
  return endOf(parsers().numbers(bytes, from, target), array, target.length);
}

/** Parses the `edges` array that follows `from` into `edgeCount` edges; returns them and the position after it. */
export function readSnapshotEdges(bytes: Buffer, from: number, layout: SnapshotEdgeLayout, edgeCount: number): { edges: SnapshotEdges; end: number } {
  const edges: SnapshotEdges = { type: new Uint8Array(edgeCount), name: new Uint32Array(edgeCount), target: new Uint32Array(edgeCount) };
  const end = endOf(parsers().edges(bytes, from, layout, edges), 'edges', edgeCount * layout.fields);
  return { edges, end };
}

function endOf(result: SnapshotNumbersResult, array: string, count: number): number {
  if ('end' in result) return result.end;
  if (result.problem === 'too-few') throw new Error(`heap snapshot: the ${array} array holds ${result.parsed} numbers, its header counts ${count}`);
  if (result.problem === 'too-many') throw new Error(`heap snapshot: the ${array} array holds more numbers than its header counts (${count})`);
  throw new Error(`heap snapshot: no ${array} array`);
}

let chosen: Parsers | undefined;

/** The addon's parsers (loading the addon installs no hook) unless LEAKPROOF_NATIVE=0 or it cannot load. */
function parsers(): Parsers {
  if (chosen) return chosen;
  let addon: NativeAddon | undefined;
  if (process.env.LEAKPROOF_NATIVE !== '0') {
    const loaded = leakproofHost()?.native ?? loadNative();
    if (loaded.ok && typeof loaded.addon.parseSnapshotEdges === 'function') addon = loaded.addon;
  }
  chosen = addon ? nativeParsers(addon) : jsParsers;
  return chosen;
}

export function nativeParsers(addon: NativeAddon): Parsers {
  return {
    numbers: (bytes, from, target) => addon.parseSnapshotNumbers(bytes, from, target),
    edges: (bytes, from, layout, edges) => addon.parseSnapshotEdges(bytes, from, layout, edges.type, edges.name, edges.target),
  };
}

export const jsParsers: Parsers = {
  numbers: parseNumbersInJs,
  edges(bytes, from, layout, edges) {
    const flat = new Uint32Array(edges.target.length * layout.fields);
    const result = parseNumbersInJs(bytes, from, flat);
    if (!('end' in result)) return result;
    for (let edge = 0, base = 0; edge < edges.target.length; edge++, base += layout.fields) {
      edges.type[edge] = flat[base + layout.type] as number;
      edges.name[edge] = flat[base + layout.name] as number;
      edges.target[edge] = (flat[base + layout.toNode] as number) / layout.nodeFields;
    }
    return result;
  },
};

/**
 * The JS parser. Separators (`,`, newlines) are skipped. Byte literals in the loop ('0' 0x30, '9' 0x39,
 * '[' 0x5b, ']' 0x5d): named constants cost 10-20% here.
 */
function parseNumbersInJs(bytes: Uint8Array, from: number, target: Uint32Array): SnapshotNumbersResult {
  let i = bytes.indexOf(0x5b, from);
  if (i < 0) return { problem: 'no-array', parsed: 0 };
  i++;
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
  if (index < count) return { problem: 'too-few', parsed: index };
  for (; i < bytes.length && bytes[i] !== 0x5d; i++) {
    const c = bytes[i] as number;
    if (c >= 0x30 && c <= 0x39) return { problem: 'too-many', parsed: index };
  }
  return { end: i + 1 };
}
