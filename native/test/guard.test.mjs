// Guard-page mode: an overflow, an underflow and a use-after-free in the test addon end the
// process with SIGSEGV and a report naming the kind, the access site, the allocation stack and
// (use-after-free) the free stack, with file:line in the test addon source; the clean twins run
// to completion with no report; without guard mode the same overflow goes unnoticed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { markerLine, testAddonSource } from './helpers.mjs';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'guard-child.mjs');
const scratch = mkdtempSync(path.join(tmpdir(), 'leakproof-guard-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

let runs = 0;
function run(align, fn, size = 13) {
  const reportFile = path.join(scratch, `report-${++runs}.txt`);
  const r = spawnSync(process.execPath, [child, align, fn, String(size)], {
    encoding: 'utf8',
    env: { ...process.env, LEAKPROOF_GUARD_REPORT: reportFile },
    timeout: 120_000,
  });
  let fileReport = '';
  try {
    fileReport = readFileSync(reportFile, 'utf8');
  } catch {
    /* no report written */
  }
  return { ...r, fileReport };
}

/** The frames of one section of the report ("Access site:", "Allocated by", "Freed by"). */
function section(report, heading) {
  const start = report.indexOf(heading);
  assert.ok(start >= 0, `report has a "${heading}" section:\n${report}`);
  const lines = report.slice(start).split('\n').slice(1);
  const frames = [];
  for (const line of lines) {
    if (!/^\s+#\d+ /.test(line)) break;
    frames.push(line);
  }
  return frames;
}

const site = (marker) => `${testAddonSource}:${markerLine(marker)}`;

function assertFrame(frame, fn, marker) {
  assert.ok(frame.includes(fn), `frame names ${fn}: ${frame}`);
  assert.ok(frame.includes(` ${site(marker)} `), `frame points at ${site(marker)}: ${frame}`);
  assert.match(frame, /leakproof_test_addon\.node\+0x[0-9a-f]+\)$/, 'module+offset');
}

function assertCrashed(r, kind) {
  assert.equal(r.signal, 'SIGSEGV', `child died by SIGSEGV (status ${r.status}, stderr:\n${r.stderr})`);
  assert.match(r.stderr, new RegExp(`leakproof guard: ${kind} on address 0x[0-9a-f]+`));
  assert.ok(r.fileReport.includes(`leakproof guard: ${kind}`), 'the same report went to LEAKPROOF_GUARD_REPORT');
  assert.ok(r.stderr.includes(r.fileReport.trim().split('\n').slice(0, 3).join('\n')), 'file report = stderr report');
  assert.equal(r.stdout, '', 'the call never returned');
  return r.stderr;
}

function assertClean(r, expected) {
  assert.equal(r.signal, null, r.stderr);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /leakproof guard/);
  assert.equal(r.fileReport, '');
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.result, expected);
  return out.stats;
}

describe('guard-page mode', () => {
  it('overflowByOne: heap-buffer-overflow at the write, with the allocation stack', () => {
    const report = assertCrashed(run('right', 'overflowByOne'), 'heap-buffer-overflow');
    assert.match(report, /\nWRITE at pc 0x[0-9a-f]+\n/);
    assert.match(report, /is 0 bytes past the end of a 13-byte block \[0x[0-9a-f]+, 0x[0-9a-f]+\) \(offset \+13\)/);
    const access = section(report, 'Access site:');
    assertFrame(access[0], 'overflow_by_one_impl', 'OVERFLOW_SITE');
    assert.match(access[1], /OverflowByOne/);
    const alloc = section(report, 'Allocated by thread');
    assertFrame(alloc[0], 'guard_block_impl', 'GUARD_ALLOC_SITE');
    assert.match(alloc[1], /overflow_by_one_impl/);
    assert.doesNotMatch(report, /Freed by/);
    assert.match(report, /SUMMARY: leakproof guard: heap-buffer-overflow in .*overflow_by_one_impl/);
  });

  it('writeLastByte (clean twin) runs to the end with no report', () => {
    const stats = assertClean(run('right', 'writeLastByte'), 8);
    assert.ok(stats.guarded > 0, 'allocations were guarded');
    assert.equal(stats.enabled, true);
  });

  it('without guard mode the same overflow goes unnoticed (the mode is what catches it)', () => {
    const r = run('off', 'overflowByOne');
    const stats = assertClean(r, 2);
    assert.equal(stats.enabled, false);
    assert.equal(stats.guarded, 0);
  });

  it('useAfterFree: use-after-free at the read, with allocation and free stacks', () => {
    const report = assertCrashed(run('right', 'useAfterFree'), 'use-after-free');
    assert.match(report, /\nREAD at pc /);
    assert.match(report, /is 6 bytes inside a 13-byte block .*\(offset \+6\); the block was freed/);
    assertFrame(section(report, 'Access site:')[0], 'use_after_free_impl', 'USE_AFTER_FREE_SITE');
    const alloc = section(report, 'Allocated by thread');
    assertFrame(alloc[0], 'guard_block_impl', 'GUARD_ALLOC_SITE');
    assert.match(alloc[1], /use_after_free_impl/);
    const freed = section(report, 'Freed by thread');
    assertFrame(freed[0], 'guard_release_impl', 'GUARD_FREE_SITE');
    assert.match(freed[1], /use_after_free_impl/);
  });

  it('readBeforeFree (clean twin) runs to the end with no report', () => {
    assertClean(run('right', 'readBeforeFree'), 1);
  });

  it("underflowByOne with align: 'left': heap-buffer-underflow", () => {
    const report = assertCrashed(run('left', 'underflowByOne'), 'heap-buffer-underflow');
    assert.match(report, /is 1 byte before a 13-byte block/);
    assertFrame(section(report, 'Access site:')[0], 'underflow_by_one_impl', 'UNDERFLOW_SITE');
  });

  it('doubleFree: double-free reported at the second free, with both stacks; the process aborts', () => {
    const r = run('right', 'doubleFree');
    assert.equal(r.signal, 'SIGABRT', r.stderr);
    assert.match(r.stderr, /leakproof guard: double-free on address 0x[0-9a-f]+/);
    assert.ok(r.fileReport.includes('leakproof guard: double-free'));
    assertFrame(section(r.stderr, 'Free site:')[0], 'guard_release_impl', 'GUARD_FREE_SITE');
    assert.match(section(r.stderr, 'Free site:')[1], /double_free_impl/);
    assertFrame(section(r.stderr, 'Freed by thread')[0], 'guard_release_impl', 'GUARD_FREE_SITE');
    assertFrame(section(r.stderr, 'Allocated by thread')[0], 'guard_block_impl', 'GUARD_ALLOC_SITE');
  });

  it('realloc keeps contents (grow, shrink); aligned allocations honour their alignment; calloc is zeroed', () => {
    assertClean(run('right', 'reallocRoundtrip', 100), true);
    assertClean(run('right', 'alignedBlocks'), true);
    assertClean(run('left', 'alignedBlocks'), true);
  });
});
