// allocationProfile(): every malloc/new allocation of the window (freed or not) by power-of-two
// size class and by stack, largest count first.
import assert from 'node:assert/strict';
import { it, before } from 'node:test';
import { promisify } from 'node:util';

import { loadTestAddon, loadTracker, markerLine, sum } from './helpers.mjs';

const tracker = loadTracker();
let addon;
before(() => {
  addon = loadTestAddon();
  tracker.install();
});

const classOf = (profile, upTo) => profile.sizeClasses.find((c) => c.upTo === upTo);
/** topStacks entries with `count` allocations whose symbolized stack has a frame matching pred. */
function stacksWithFrame(profile, count, pred) {
  return profile.topStacks
    .filter((s) => s.count === count)  // symbolizing every stack of the window is slow
    .map((s) => ({ ...s, frames: tracker.symbolize(s.stackId) }))
    .filter((s) => s.frames.some(pred));
}

for (const stacks of ['cheap', 'full']) {
  it(`${stacks}: known allocations land in their size classes and stacks, freed ones included`, () => {
    tracker.start({ stacks });
    for (let i = 0; i < 7; i++) addon.leakMalloc(100);    // (64, 128]
    for (let i = 0; i < 5; i++) addon.cleanMalloc(3000);  // (2048, 4096], freed
    for (let i = 0; i < 3; i++) addon.leakNewArray(20);   // (16, 32], operator new[]
    addon.leakMalloc(16);                                  // exactly 16: class 0 (inclusive bound)
    tracker.stop();
    const profile = tracker.allocationProfile(1e6);
    const counters = tracker.counters();

    const bounds = profile.sizeClasses.map((c) => c.upTo);
    assert.equal(bounds.length, 28);
    assert.deepEqual(bounds.slice(0, 4), [16, 32, 64, 128]);
    assert.equal(bounds[26], 1024 ** 3);
    assert.equal(bounds[27], -1, 'last class: larger');
    // Every recorded allocation is in exactly one class and one stack.
    assert.equal(sum(profile.sizeClasses, 'count'), counters.allocations);
    assert.equal(sum(profile.sizeClasses, 'bytes'), counters.totalAllocated);
    assert.equal(sum(profile.topStacks, 'count'), counters.allocations);
    assert.equal(sum(profile.topStacks, 'bytes'), counters.totalAllocated);

    const leak = stacksWithFrame(profile, 8, (f) => f.function.includes('leak_malloc_impl'));
    assert.equal(leak.length, 1, 'one allocation site, one stack');
    assert.equal(leak[0].kind, 'malloc');
    assert.equal(leak[0].frames[0].line, markerLine('LEAK_MALLOC_SITE'));
    assert.equal(leak[0].count, 8);
    assert.equal(leak[0].bytes, 7 * 100 + 16);
    const clean = stacksWithFrame(profile, 5, (f) => f.line === markerLine('CLEAN_MALLOC_SITE'));
    assert.equal(clean.length, 1);
    assert.deepEqual([clean[0].kind, clean[0].count, clean[0].bytes], ['malloc', 5, 15_000], 'freed allocations count');
    const arrays = stacksWithFrame(profile, 3, (f) => f.line === markerLine('LEAK_NEW_SITE'));
    assert.equal(arrays.length, 1);
    assert.deepEqual([arrays[0].kind, arrays[0].count, arrays[0].bytes], ['new', 3, 60]);

    assert.ok(classOf(profile, 128).count >= 7 && classOf(profile, 128).bytes >= 700);
    assert.ok(classOf(profile, 4096).count >= 5 && classOf(profile, 4096).bytes >= 15_000);
    assert.ok(classOf(profile, 32).count >= 3 && classOf(profile, 32).bytes >= 60);
    assert.ok(classOf(profile, 16).count >= 1 && classOf(profile, 16).bytes >= 16);
    // Largest count first.
    for (let i = 1; i < profile.topStacks.length; i++) {
      assert.ok(profile.topStacks[i - 1].count >= profile.topStacks[i].count, 'sorted by count');
    }
  });
}

it('limit caps topStacks (default 20); a new window starts a new profile; bad limit is a clear error', () => {
  tracker.start({ stacks: 'cheap' });
  for (let i = 0; i < 30; i++) addon.leakMalloc(40);
  tracker.stop();
  const all = tracker.allocationProfile(1e6);
  assert.ok(all.topStacks.length >= 1);
  assert.ok(tracker.allocationProfile().topStacks.length <= 20);
  const one = tracker.allocationProfile(1);
  assert.equal(one.topStacks.length, 1);
  assert.deepEqual(one.topStacks[0], all.topStacks[0], 'the largest count');
  assert.equal(tracker.allocationProfile(0).topStacks.length, 0);

  tracker.start({ stacks: 'cheap' });
  tracker.stop();
  const fresh = tracker.allocationProfile(1e6);
  assert.equal(sum(fresh.sizeClasses, 'count'), tracker.counters().allocations, 'reset by start()');
  assert.ok(classOf(fresh, 64).count < 30, 'previous window not carried over');

  for (const bad of [-1, 1.5, 'ten', Number.NaN]) {
    assert.throws(() => tracker.allocationProfile(bad), /allocationProfile\(limit\) expects a non-negative integer/);
  }
});

it('threadpool allocations are profiled under the worker stack', async () => {
  const leak = promisify(addon.leakOnWorker);
  const clean = promisify(addon.cleanOnWorker);
  tracker.start({ stacks: 'cheap' });
  for (let i = 0; i < 6; i++) {
    await leak(5000);
    await clean(5000);
  }
  tracker.stop();
  const profile = tracker.allocationProfile(1e6);
  const site = stacksWithFrame(profile, 6, (f) => f.line === markerLine('LEAK_WORKER_SITE'));
  assert.equal(sum(site, 'count'), 6);
  assert.equal(sum(site, 'bytes'), 30_000);
  assert.ok(classOf(profile, 8192).count >= 12, 'leaked and freed 5000-byte blocks: (4096, 8192]');
  assert.equal(sum(profile.sizeClasses, 'count'), tracker.counters().allocations);
});
