// libuv threadpool allocations count, with per-thread attribution.
import assert from 'node:assert/strict';
import { it, before } from 'node:test';
import { promisify } from 'node:util';

import { groupsWithFrame, loadTestAddon, loadTracker, markerLine, sum } from './helpers.mjs';

const tracker = loadTracker();
let addon;
before(() => {
  addon = loadTestAddon();
  tracker.install();
});

it('leakOnWorker is tracked on a threadpool thread, cleanOnWorker is not live', async () => {
  const leak = promisify(addon.leakOnWorker);
  const clean = promisify(addon.cleanOnWorker);
  tracker.start({ stacks: 'cheap' });
  const tids = new Set();
  for (let i = 0; i < 8; i++) {
    tids.add(await leak(4096));
    await clean(4096);
  }
  tracker.stop();
  const leaks = groupsWithFrame(tracker, (f) => f.function.includes('worker_leak_impl'));
  assert.equal(sum(leaks, 'count'), 8);
  assert.equal(sum(leaks), 8 * 4096);
  assert.equal(leaks[0].frames[0].line, markerLine('LEAK_WORKER_SITE'));
  const threads = tracker.threads();
  const workers = threads.filter((t) => !t.isMainThread && tids.has(t.tid));
  assert.ok(workers.length >= 1, JSON.stringify(threads));
  assert.ok(sum(workers, 'current') >= 8 * 4096, 'leaked bytes attributed to the pool threads');
  assert.ok(workers.every((t) => t.allocations > 0 && t.totalAllocated >= t.current));
  assert.ok(threads.some((t) => t.isMainThread && t.tid === process.pid));
});

it('4 threadpool threads churning while windows start and stop: counts stay consistent', async () => {
  const churn = promisify(addon.churnOnWorker);
  for (let round = 0; round < 5; round++) {
    tracker.start({ stacks: round % 2 ? 'full' : 'cheap' });
    const work = [1, 2, 3, 4].map(() => churn(20_000, 48));
    await Promise.all(work);
    tracker.stop();
    const c = tracker.counters();
    const churnLive = groupsWithFrame(tracker, (f) => f.function.includes('AllocWorker::Execute'));
    assert.equal(sum(churnLive), 0, `round ${round}: no live churn bytes`);
    assert.ok(c.allocations >= 4 * 20_000 * 2, `round ${round}: allocations ${c.allocations}`);
  }
});

it("threads: 'current' records only the calling thread's allocations (shared-process pools)", async () => {
  const leak = promisify(addon.leakOnWorker);
  tracker.start({ stacks: 'cheap', threads: 'current' });
  for (let i = 0; i < 4; i++) {
    addon.leakMalloc(1000);
    await leak(3000);
  }
  tracker.stop();
  const mainLeaks = groupsWithFrame(tracker, (f) => f.function.includes('leak_malloc_impl'));
  const workerLeaks = groupsWithFrame(tracker, (f) => f.function.includes('worker_leak_impl'));
  assert.equal(sum(mainLeaks), 4 * 1000);
  assert.equal(workerLeaks.length, 0, 'threadpool allocations are not recorded');
  assert.throws(() => tracker.start({ stacks: 'cheap', threads: 'others' }), /threads must be 'all' or 'current'/);
});

it("a thread that recorded in an 'all' window is not recorded in a following 'current' window at the same stack", async () => {
  // Hot path: a thread whose allocation repeats its previous stack reuses the stack id without checking
  // which threads the window records; every start must make it check again.
  const leak = promisify(addon.leakOnWorker);
  const workerLeaks = () => groupsWithFrame(tracker, (f) => f.function.includes('worker_leak_impl'));
  for (let round = 0; round < 3; round++) {
    tracker.start({ stacks: 'cheap' });
    for (let i = 0; i < 8; i++) await leak(512);
    tracker.stop();
    assert.equal(sum(workerLeaks(), 'count'), 8, `round ${round}: 'all' records the pool threads`);
    tracker.start({ stacks: 'cheap', threads: 'current' });
    for (let i = 0; i < 8; i++) await leak(512);
    addon.leakMalloc(100);
    tracker.stop();
    assert.equal(workerLeaks().length, 0, `round ${round}: 'current' records no pool thread`);
    assert.equal(sum(groupsWithFrame(tracker, (f) => f.function.includes('leak_malloc_impl'))), 100);
  }
});
