import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { afterAll, describe, expect, test } from 'vitest';
import { readHeapSnapshot } from '../src/diagnosis/heap-snapshot.js';

const directory = mkdtempSync(join(tmpdir(), 'leakproof-snapshot-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A minimal snapshot file: 2 nodes (root -> object), one property edge, the arrays as V8 writes them. */
function miniSnapshot(nodes: string, edges: string): string {
  const meta = {
    node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
    node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'], 'string', 'number', 'number', 'number', 'number', 'number'],
    edge_fields: ['type', 'name_or_index', 'to_node'],
    edge_types: [['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'], 'string_or_number', 'node'],
  };
  return `{"snapshot":{"meta":${JSON.stringify(meta)},\n"node_count":2,\n"edge_count":1,\n"trace_function_count":0},\n"nodes":${nodes},\n"edges":${edges},\n"trace_function_infos":[],\n"trace_tree":[],\n"samples":[],\n"locations":[],\n"strings":["","Thing","ref"]}`;
}

function writeSnapshot(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

describe('readHeapSnapshot', () => {
  test('reads every node and edge field of a real V8 snapshot as JSON.parse does', () => {
    const file = join(directory, 'real.heapsnapshot');
    v8.writeHeapSnapshot(file);
    const reference = JSON.parse(readFileSync(file, 'utf8')) as {
      snapshot: { meta: { node_fields: string[]; edge_fields: string[] } };
      nodes: number[];
      edges: number[];
      strings: string[];
    };
    const snapshot = readHeapSnapshot(file);
    const nodeFields = reference.snapshot.meta.node_fields.length;
    const edgeFields = reference.snapshot.meta.edge_fields.length;
    expect(snapshot.nodeCount).toBe(reference.nodes.length / nodeFields);
    expect(snapshot.edgeCount).toBe(reference.edges.length / edgeFields);
    expect(Array.from(snapshot.nodes)).toEqual(reference.nodes);
    const type = reference.snapshot.meta.edge_fields.indexOf('type');
    const name = reference.snapshot.meta.edge_fields.indexOf('name_or_index');
    const to = reference.snapshot.meta.edge_fields.indexOf('to_node');
    const mismatches: string[] = [];
    for (let edge = 0; edge < snapshot.edgeCount && mismatches.length < 5; edge++) {
      const base = edge * edgeFields;
      const expected = [reference.edges[base + type], reference.edges[base + name], (reference.edges[base + to] as number) / nodeFields];
      const actual = [snapshot.edgeType[edge], snapshot.edgeName[edge], snapshot.edgeTarget[edge]];
      if (expected.join() !== actual.join()) mismatches.push(`edge ${edge}: expected ${expected.join()}, read ${actual.join()}`);
    }
    expect(mismatches).toEqual([]);
    expect(snapshot.strings).toEqual(reference.strings);
  });

  test('a small snapshot: fields, multi-digit numbers, newlines between rows', () => {
    const snapshot = readHeapSnapshot(writeSnapshot('mini.heapsnapshot', miniSnapshot('[9,0,1,0,1,0,0\n,3,1,12345,48,0,0,0]', '[2,2,7]')));
    expect(snapshot.nodeCount).toBe(2);
    expect(snapshot.type(0)).toBe('synthetic');
    expect(snapshot.type(1)).toBe('object');
    expect(snapshot.name(1)).toBe('Thing');
    expect(snapshot.id(1)).toBe(12345);
    expect(snapshot.selfSize(1)).toBe(48);
    expect(snapshot.edgeTypeName(0)).toBe('property');
    expect(snapshot.edgeLabel(0)).toBe('ref');
    expect(snapshot.edgeTarget[0]).toBe(1);
    expect(Array.from(snapshot.firstEdge)).toEqual([0, 1, 1]);
  });

  test('an array shorter or longer than its header counts is an error naming the array', () => {
    expect(() => readHeapSnapshot(writeSnapshot('short.heapsnapshot', miniSnapshot('[9,0,1,0,1,0,0,3,1,5,48,0]', '[2,2,7]')))).toThrow(
      'heap snapshot: the nodes array holds 12 numbers, its header counts 14',
    );
    expect(() => readHeapSnapshot(writeSnapshot('long.heapsnapshot', miniSnapshot('[9,0,1,0,1,0,0,3,1,5,48,0,0,0]', '[2,2,7,1]')))).toThrow(
      'heap snapshot: the edges array holds more numbers than its header counts (3)',
    );
  });
});
