// Reduced tracker exercise for valgrind memcheck / ASan runs (see test/valgrind.sh).
import assert from 'node:assert/strict';
import { promisify } from 'node:util';

import { groupsWithFrame, loadTestAddon, loadTracker, sum } from '../test/helpers.mjs';

const tracker = loadTracker();
tracker.install();
const ids = [];
const addon = loadTestAddon();
for (let i = 0; i < 20; i++) ids.push(addon.allocKept(100 + i));
tracker.install();
const leakW = promisify(addon.leakOnWorker);
const churn = promisify(addon.churnOnWorker);

for (const stacks of ['cheap', 'full']) {
  tracker.start({ stacks });
  for (let i = 0; i < 20; i++) {
    addon.leakMalloc(100);
    addon.cleanMalloc(100);
    addon.leakNewArray(50);
    addon.cleanNewArray(50);
    addon.leakTracked(10);
    addon.cleanTracked(10);
  }
  for (const id of ids.splice(0, 5)) addon.reallocKept(id, 5000);
  for (const id of ids.splice(0, 5)) addon.freeKept(id);
  await leakW(256);
  await Promise.all([1, 2, 3, 4].map(() => churn(2000, 24)));
  tracker.stop();
  const g = groupsWithFrame(tracker, (f) => f.function.includes('leak_malloc_impl'));
  assert.equal(sum(g), 2000);
  assert.ok(tracker.threads().length >= 2);
}
// Per-thread recording: cross-thread frees among pool threads and on main, a thread exiting with
// pending records, the allocation profile.
tracker.start({ stacks: 'cheap' });
const exchange = promisify(addon.exchangeOnWorker);
await Promise.all([1, 2, 3, 4].map(() => exchange(500, 24)));
addon.drainExchange();
addon.leakOnExitingThread(20, 64);
tracker.stop();
assert.ok(tracker.allocationProfile().topStacks.length > 0);
assert.equal(tracker.liveSummary().bytes, tracker.counters().current);

tracker.start({ stacks: 'cheap' });
addon.leakInPlugin(100);
assert.equal(addon.forkAndAlloc(), 42);
tracker.stop();
// Guard-page mode on clean code only (the faulting cases run in native/test/guard.test.mjs, outside valgrind: a
// deliberate SIGSEGV is not something to run under memcheck).
tracker.guardEnable({ sampleRate: 1, slots: 256 });
tracker.start({ stacks: 'cheap' });
assert.equal(addon.writeLastByte(13), 8);
assert.equal(addon.readBeforeFree(13), 1);
assert.equal(addon.reallocRoundtrip(100), true);
assert.equal(addon.alignedBlocks(), true);
for (let i = 0; i < 20; i++) addon.leakMalloc(100);
tracker.stop();
tracker.guardDisable();
assert.equal(sum(groupsWithFrame(tracker, (f) => f.function.includes('leak_malloc_impl'))), 2000);
assert.ok(tracker.guardStats().guarded > 0);
// The heap-snapshot number parser at the buffer's edges: unterminated arrays, digits up to the last byte, empty input.
for (const [text, count, expected] of [['[1,2', 2, undefined], ['[1,2', 3, 'too-few'], ['[12', 1, undefined], ['', 1, 'no-array'], ['[1]9', 1, undefined], ['[1,2', 1, 'too-many']]) {
  const result = tracker.parseSnapshotNumbers(Buffer.from(text), 0, new Uint32Array(count));
  assert.equal(result.problem, expected, `${text} / ${count}: ${JSON.stringify(result)}`);
}
for (const [text, count, expected] of [['[1,2,3,4,5', 2, 'too-few'], ['[1,2,3,4,5,6', 2, undefined], ['[7,8,9]', 1, undefined]]) {
  const [type, name, target] = [new Uint8Array(count), new Uint32Array(count), new Uint32Array(count)];
  const result = tracker.parseSnapshotEdges(Buffer.from(text), 0, { fields: 3, type: 0, name: 1, toNode: 2, nodeFields: 3 }, type, name, target);
  assert.equal(result.problem, expected, `${text} / ${count}: ${JSON.stringify(result)}`);
}
console.log('valgrind-smoke ok', JSON.stringify(tracker.counters()));
