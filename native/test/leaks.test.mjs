// Leaky functions show live growth under the right stack (function + file:line of the
// test addon); clean twins show none; counters, peak and pre-tracking pointers behave.
import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';

import { groupsWithFrame, loadTestAddon, loadTracker, markerLine, sum, testAddonSource } from './helpers.mjs';

const tracker = loadTracker();
let addon;

before(() => {
  assert.ok(tracker.install().patchedObjects >= 1);
  addon = loadTestAddon();  // loaded before tracking: picked up by the idempotent re-install
  assert.ok(tracker.install().patchedObjects >= 2);
});

const isSource = (f) => f.file === testAddonSource;

for (const stacks of ['cheap', 'full']) {
  describe(`${stacks} stacks`, () => {
    it('leakMalloc grows live bytes under leak_malloc_impl at the malloc line', () => {
      tracker.start({ stacks });
      for (let i = 0; i < 20; i++) addon.leakMalloc(1000);
      tracker.stop();
      const groups = groupsWithFrame(tracker, (f) => f.function.includes('leak_malloc_impl'));
      assert.equal(groups.length, 1, 'one stack for one call site');
      const [g] = groups;
      assert.equal(g.kind, 'malloc');
      assert.equal(g.count, 20);
      assert.equal(g.bytes, 20_000);
      const top = g.frames[0];
      assert.match(top.function, /leak_malloc_impl/, 'innermost frame is the allocating function (hook frames removed)');
      assert.ok(isSource(top), `file ${top.file}`);
      assert.equal(top.line, markerLine('LEAK_MALLOC_SITE'));
      assert.match(top.module, /leakproof_test_addon\.node$/);
      assert.match(g.frames[1].function, /LeakMalloc/);
      assert.ok(tracker.counters().current >= 20_000);
    });

    it('cleanMalloc leaves nothing live from its stack', () => {
      tracker.start({ stacks });
      const before = tracker.counters();
      for (let i = 0; i < 20; i++) addon.cleanMalloc(1000);
      tracker.stop();
      const c = tracker.counters();
      assert.ok(c.totalAllocated - before.totalAllocated >= 20_000, 'allocations were seen');
      assert.ok(c.frees >= 20);
      const groups = groupsWithFrame(tracker, (f) => /CleanMalloc|CleanNewArray/.test(f.function));
      assert.equal(sum(groups), 0);
    });

    it('leakNewArray is recorded as new[], cleanNewArray is not live', () => {
      tracker.start({ stacks });
      for (let i = 0; i < 10; i++) {
        addon.leakNewArray(300);
        addon.cleanNewArray(300);
      }
      tracker.stop();
      const leaks = groupsWithFrame(tracker, (f) => f.function.includes('leak_new_array_impl'));
      assert.equal(leaks.length, 1);
      assert.equal(leaks[0].kind, 'new');
      assert.equal(leaks[0].bytes, 3000);
      assert.equal(leaks[0].frames[0].line, markerLine('LEAK_NEW_SITE'));
      assert.equal(sum(groupsWithFrame(tracker, (f) => f.function.includes('CleanNewArray'))), 0);
    });

    it('custom resources via leakproof_track appear with their kind; untracked ones do not', () => {
      assert.equal(addon.hasLeakproof(), true, 'test addon resolved leakproof_track at runtime');
      tracker.start({ stacks });
      const before = tracker.counters();
      for (let i = 0; i < 5; i++) {
        assert.ok(addon.leakTracked(123));
        assert.ok(addon.cleanTracked(456));
      }
      tracker.stop();
      const pools = tracker.liveByStack().filter((g) => g.kind === 'pool');
      assert.equal(pools.length, 1);
      assert.equal(pools[0].count, 5);
      assert.equal(pools[0].bytes, 615);
      const top = tracker.symbolize(pools[0].stackId)[0];
      assert.match(top.function, /pool_acquire/);
      assert.equal(top.line, markerLine('LEAK_TRACKED_SITE'));
      // Custom bytes are not malloc bytes: nothing malloc/new is live from these call sites
      // (global counters also see node's own allocations, so they are not compared here).
      const heapFromPool = groupsWithFrame(tracker, (f) => /LeakTracked|CleanTracked|pool_acquire/.test(f.function))
        .filter((g) => g.kind !== 'pool');
      assert.equal(sum(heapFromPool), 0);
      const after = tracker.counters();
      assert.ok(after.current - before.current < 615, 'pool bytes not in counters');
      // Custom counters: exactly the 5 leaked slots are live; the peak saw one clean slot on top.
      assert.equal(before.customCurrent, 0);
      assert.equal(before.customCount, 0);
      assert.equal(after.customCurrent, 615);
      assert.equal(after.customCount, 5);
      assert.equal(after.customPeak, 615 + 456);
      const summary = tracker.liveSummary();
      assert.deepEqual(
        { customBytes: summary.customBytes, customCount: summary.customCount },
        { customBytes: 615, customCount: 5 },
      );
      assert.equal(summary.bytes, after.current, 'window is frozen: summary matches counters');
      assert.ok(summary.count >= 0 && summary.count <= after.allocations);
    });
  });
}

describe('counters', () => {
  it('custom counters: untrack lowers customCurrent, resetPeak resets customPeak, start() clears them', () => {
    tracker.start({ stacks: 'cheap' });
    for (let i = 0; i < 3; i++) addon.leakTracked(1000);
    addon.cleanTracked(5000);
    const c1 = tracker.counters();
    assert.equal(c1.customCurrent, 3000);
    assert.equal(c1.customCount, 3);
    assert.equal(c1.customPeak, 8000);
    tracker.resetPeak();
    assert.equal(tracker.counters().customPeak, 3000);
    addon.cleanTracked(100);
    assert.equal(tracker.counters().customPeak, 3100);
    assert.equal(tracker.counters().customCurrent, 3000);
    tracker.start({ stacks: 'cheap' });
    const fresh = tracker.counters();
    assert.equal(fresh.customCurrent, 0);
    assert.equal(fresh.customCount, 0);
    assert.equal(fresh.customPeak, 0);
    const s = tracker.liveSummary();
    assert.equal(s.customBytes, 0);
    assert.equal(s.customCount, 0);
    tracker.stop();
  });

  it('liveSummary() matches the live table', () => {
    tracker.start({ stacks: 'cheap' });
    for (let i = 0; i < 10; i++) addon.leakMalloc(333);
    tracker.stop();
    const s = tracker.liveSummary();
    const heap = tracker.liveByStack().filter((g) => g.kind === 'malloc' || g.kind === 'new');
    assert.equal(s.bytes, sum(heap));
    assert.equal(s.count, sum(heap, 'count'));
    assert.equal(s.bytes, tracker.counters().current);
    assert.ok(s.bytes >= 3330);
  });

  it('peak is a resettable high-water mark', () => {
    tracker.start({ stacks: 'cheap' });
    addon.cleanMalloc(5_000_000);
    const c1 = tracker.counters();
    assert.ok(c1.peak >= 5_000_000, `peak ${c1.peak}`);
    assert.ok(c1.current < 5_000_000);
    tracker.resetPeak();
    const c2 = tracker.counters();
    assert.equal(c2.peak, c2.current);
    addon.leakMalloc(100_000);
    assert.ok(tracker.counters().peak >= c2.current + 100_000);
    tracker.stop();
  });

  it('start() clears the previous window; stop() freezes it', () => {
    tracker.start({ stacks: 'cheap' });
    addon.leakMalloc(777);
    tracker.stop();
    assert.equal(tracker.isRecording(), false);
    const frozen = tracker.counters();
    addon.leakMalloc(777);
    assert.deepEqual(tracker.counters(), frozen);
    tracker.start({ stacks: 'cheap' });
    assert.equal(tracker.isRecording(), true);
    const fresh = tracker.counters();
    assert.ok(fresh.allocations < frozen.allocations || fresh.allocations < 5);
    tracker.stop();
  });

  it('realloc/free of pointers allocated before tracking: no crash, no bogus counts', () => {
    const ids = [];
    for (let i = 0; i < 50; i++) ids.push(addon.allocKept(64 + i));
    tracker.start({ stacks: 'cheap' });
    const before = tracker.counters();
    for (const id of ids.slice(0, 25)) addon.reallocKept(id, 100_000);
    for (const id of ids.slice(25)) addon.freeKept(id);
    const after = tracker.counters();
    tracker.stop();
    assert.ok(after.current - before.current < 50_000, `current moved by ${after.current - before.current}`);
    assert.ok(after.frees - before.frees < 25, 'frees of unknown pointers are ignored');
    const reallocs = groupsWithFrame(tracker, (f) => /ReallocKept|FreeKept/.test(f.function));
    assert.equal(sum(reallocs), 0, 'blocks that were never recorded stay untracked');
    for (const id of ids.slice(0, 25)) addon.freeKept(id);
  });

  it('realloc of a recorded pointer moves its bytes', () => {
    tracker.start({ stacks: 'cheap' });
    const id = addon.allocKept(1000);
    const c1 = tracker.counters().current;
    addon.reallocKept(id, 50_000);
    const c2 = tracker.counters().current;
    addon.freeKept(id);
    const c3 = tracker.counters().current;
    tracker.stop();
    assert.ok(c2 - c1 >= 49_000 && c2 - c1 <= 49_000 + 4096, `delta ${c2 - c1}`);
    assert.ok(c2 - c3 >= 50_000 && c2 - c3 <= 50_000 + 4096);
  });

  it('rejects bad options', () => {
    assert.throws(() => tracker.start({ stacks: 'bogus' }), /cheap' or 'full/);
    assert.throws(() => tracker.symbolize('x'), /symbolize/);
    assert.deepEqual(tracker.symbolize(0), []);
    assert.deepEqual(tracker.symbolize(2 ** 31), []);
  });
});
