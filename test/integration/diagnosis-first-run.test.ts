import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { HeapDiagnosis } from '@leakproof/core';
import { availableRuntimes } from './run-vitest.js';

const script = join(import.meta.dirname, '..', 'fixtures', 'diagnosis-process', 'first-diagnosis.mjs');

/** Runs the first heap diagnosis of a fresh process (real inspector, real snapshot) and returns it. */
function firstDiagnosis(node: string, cycle: 'leaking' | 'keys' | 'clean'): HeapDiagnosis {
  const child = spawnSync(node, [script, cycle], { cwd: dirname(script), encoding: 'utf8', timeout: 120_000 });
  expect(child.status, `${child.stdout}\n${child.stderr}`).toBe(0);
  const line = child.stdout.trim().split('\n').pop() as string;
  return JSON.parse(line) as HeapDiagnosis;
}

// The snapshot closes the second window: node compiles its heap snapshot call lazily on the first diagnosis of a
// process, and the string constants of that code are new objects of the second window. They (and the first
// window's lazily compiled timer constants) sit under the string table's root, one path for every internalized
// string: while the retainer tree followed that root, they showed as `+6 string (2 + 4)` retained by
// `(GC roots) -> string`, growth that is not there.
describe.each(availableRuntimes())('$name: the first diagnosis of a process', (runtime) => {
  test('a leaking cycle: exactly its leaked class, 1 per iteration, with its retainer path', () => {
    const diagnosis = firstDiagnosis(runtime.node, 'leaking');
    expect(diagnosis.groups.map((group) => `${group.className} ${group.counts.join(' + ')}`)).toEqual(['CallSession 10 + 20']);
    expect(diagnosis.groups[0]?.path).toEqual(['(GC roots)', 'Module first-diagnosis.mjs', 'sessions (Map)', '[value]', 'CallSession']);
    expect(diagnosis.stages?.snapshot).toBeGreaterThan(0);
  });

  // Internalized strings: the string table's subroot reaches them all in one step; it is not followed, so the key
  // strings show what retains them (before: `(GC roots) -> string`, with 2 of the first window's timer constants).
  test('new property names of an object: the key strings, retained by that object', () => {
    const diagnosis = firstDiagnosis(runtime.node, 'keys');
    expect(diagnosis.groups.map((group) => `${group.className} ${group.counts.join(' + ')}`)).toEqual(['string 10 + 20']);
    expect(diagnosis.groups[0]?.path.join(' -> ')).toMatch(/^\(GC roots\) -> Module first-diagnosis\.mjs -> seen \(Object\) -> \[\d+\] -> string$/);
  });

  test('a clean cycle: no group, and the note says nothing grew', () => {
    const diagnosis = firstDiagnosis(runtime.node, 'clean');
    expect(diagnosis.groups).toEqual([]);
    expect(diagnosis.note).toMatch(/^no class of JS objects grew with the iterations/);
  });
});
