import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import { loadNative } from '@leakproof/native';
import { afterAll, describe, expect, test } from 'vitest';
import { jsParsers, nativeParsers, type Parsers, type SnapshotEdges } from '../src/diagnosis/snapshot-numbers.js';

const loaded = loadNative();
if (!loaded.ok) throw new Error(`the addon must be built for these tests: ${loaded.reason}`);
const addon = loaded.addon;

const addonParsers: Parsers = nativeParsers(addon);
const newEdges = (count: number): SnapshotEdges => ({ type: new Uint8Array(count), name: new Uint32Array(count), target: new Uint32Array(count) });
const plain = (edges: SnapshotEdges): number[][] => [Array.from(edges.type), Array.from(edges.name), Array.from(edges.target)];

const directory = mkdtempSync(join(tmpdir(), 'leakproof-numbers-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe.each([
  ['addon', addonParsers],
  ['js', jsParsers],
])('snapshot numbers (%s)', (_name, parse) => {
  test('numbers after `from`, separators and newlines skipped, up to 2^32 - 1, end after the bracket', () => {
    const bytes = Buffer.from('{"a":[7],"nodes":[0,12,\n345,4294967295\n],"edges":[1]}');
    const target = new Uint32Array(4);
    const result = parse.numbers(bytes, bytes.indexOf('"nodes"'), target);
    expect(Array.from(target)).toEqual([0, 12, 345, 4294967295]);
    expect(result).toEqual({ end: bytes.indexOf(',"edges"') });
  });

  test('fewer or more numbers than the target holds, or no array at all, are reported with the count read', () => {
    const bytes = Buffer.from('"nodes":[1,2,3]');
    expect(parse.numbers(bytes, 0, new Uint32Array(4))).toEqual({ problem: 'too-few', parsed: 3 });
    expect(parse.numbers(bytes, 0, new Uint32Array(2))).toEqual({ problem: 'too-many', parsed: 2 });
    expect(parse.numbers(Buffer.from('"nodes":'), 0, new Uint32Array(1))).toEqual({ problem: 'no-array', parsed: 0 });
    expect(parse.numbers(Buffer.from('[]'), 0, new Uint32Array(0))).toEqual({ end: 2 });
  });

  test('edges: split by field in any field order, to_node divided into a node ordinal', () => {
    // fields [to_node, type, name_or_index], 7 numbers per node.
    const bytes = Buffer.from('"edges":[14,2,5,\n0,1,4294967295]');
    const edges = newEdges(2);
    const result = parse.edges(bytes, 0, { fields: 3, type: 1, name: 2, toNode: 0, nodeFields: 7 }, edges);
    expect(result).toEqual({ end: bytes.length });
    expect(plain(edges)).toEqual([[2, 1], [5, 4294967295], [2, 0]]);
    expect(parse.edges(bytes, 0, { fields: 3, type: 1, name: 2, toNode: 0, nodeFields: 7 }, newEdges(3))).toEqual({ problem: 'too-few', parsed: 6 });
    // node_fields of 6 (older V8) and of any other length divide too.
    for (const nodeFields of [6, 5]) {
      const divided = newEdges(2);
      const text = Buffer.from(`[2,9,${3 * nodeFields},\n1,4,${nodeFields - 1}]`);
      expect(parse.edges(text, 0, { fields: 3, type: 0, name: 1, toNode: 2, nodeFields }, divided)).toEqual({ end: text.length });
      expect(plain(divided)).toEqual([[2, 1], [9, 4], [3, 0]]);
    }
  });
});

test('the addon and the JS parser read a real V8 snapshot identically', () => {
  const file = join(directory, 'real.heapsnapshot');
  v8.writeHeapSnapshot(file);
  const bytes = readFileSync(file);
  const { snapshot } = JSON.parse(readFileSync(file, 'utf8')) as { snapshot: { node_count: number; edge_count: number; meta: { node_fields: string[]; edge_fields: string[] } } };
  const nodesFrom = bytes.indexOf('"nodes":');
  const nodeNumbers = snapshot.node_count * snapshot.meta.node_fields.length;
  const nodesByAddon = new Uint32Array(nodeNumbers);
  const nodesByJs = new Uint32Array(nodeNumbers);
  const nodesEnd = addonParsers.numbers(bytes, nodesFrom, nodesByAddon);
  expect(jsParsers.numbers(bytes, nodesFrom, nodesByJs)).toEqual(nodesEnd);
  expect(Buffer.from(nodesByAddon.buffer).equals(Buffer.from(nodesByJs.buffer))).toBe(true);

  const fields = snapshot.meta.edge_fields;
  const layout = { fields: fields.length, type: fields.indexOf('type'), name: fields.indexOf('name_or_index'), toNode: fields.indexOf('to_node'), nodeFields: snapshot.meta.node_fields.length };
  const edgesFrom = bytes.indexOf('"edges":');
  const edgesByAddon = newEdges(snapshot.edge_count);
  const edgesByJs = newEdges(snapshot.edge_count);
  const edgesEnd = addonParsers.edges(bytes, edgesFrom, layout, edgesByAddon);
  expect('end' in edgesEnd).toBe(true);
  expect(jsParsers.edges(bytes, edgesFrom, layout, edgesByJs)).toEqual(edgesEnd);
  for (const field of ['type', 'name', 'target'] as const) {
    expect(Buffer.from(edgesByAddon[field].buffer).equals(Buffer.from(edgesByJs[field].buffer))).toBe(true);
  }
});

test('bad arguments are a TypeError naming the signature', () => {
  expect(() => addon.parseSnapshotNumbers(new Uint16Array(2) as unknown as Uint8Array, 0, new Uint32Array(1))).toThrow(
    'leakproof: parseSnapshotNumbers(bytes: Uint8Array, from: number, target: Uint32Array)',
  );
  expect(() => addon.parseSnapshotNumbers(Buffer.from('[1]'), -1, new Uint32Array(1))).toThrow(TypeError);
  const edges = newEdges(1);
  expect(() => addon.parseSnapshotEdges(Buffer.from('[1,2,3]'), 0, { fields: 3, type: 3, name: 1, toNode: 2, nodeFields: 7 }, edges.type, edges.name, edges.target)).toThrow(
    'leakproof: parseSnapshotEdges(',
  );
  expect(() => addon.parseSnapshotEdges(Buffer.from('[1,2,3]'), 0, { fields: 3, type: 0, name: 1, toNode: 2, nodeFields: 7 }, edges.type, new Uint32Array(2), edges.target)).toThrow(TypeError);
});
