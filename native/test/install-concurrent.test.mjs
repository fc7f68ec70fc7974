// install() patches GOTs while 4 threadpool threads are allocating through them.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { promisify } from 'node:util';

import { loadTestAddon, loadTracker } from './helpers.mjs';

it('install() while 4 threadpool threads malloc/free and new/delete', async () => {
  const addon = loadTestAddon();
  const tracker = loadTracker();
  const churn = promisify(addon.churnOnWorker);
  // Long enough to overlap install(): 400,000 pairs took ~4 ms per thread on a quiet machine and could end first.
  const work = [1, 2, 3, 4].map(() => churn(2_000_000, 32));
  await new Promise((r) => setTimeout(r, 5));  // let the workers get going
  const { patchedObjects } = tracker.install();
  assert.ok(patchedObjects >= 2);
  tracker.start({ stacks: 'cheap' });
  for (let i = 0; i < 50; i++) {
    tracker.install();  // idempotent re-patching under load
    tracker.resetPeak();
  }
  // A second wave, started while recording: the threadpool threads' records are attributed to them either way.
  const recorded = [1, 2, 3, 4].map(() => churn(100_000, 32));
  const tids = [...(await Promise.all(work)), ...(await Promise.all(recorded))];
  tracker.stop();
  const c = tracker.counters();
  assert.ok(c.allocations > 0, 'allocations after install were recorded');
  assert.ok(c.frees <= c.allocations);
  assert.ok(c.current >= 0);
  const threads = tracker.threads().filter((t) => tids.includes(t.tid));
  assert.ok(threads.length >= 1);
});
