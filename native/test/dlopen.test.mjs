// Objects loaded while tracking (require() of an addon, its RUNPATH dependency, and a plugin
// dlopen()ed by bare name through the caller's RUNPATH) are patched right after loading.
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';

import { groupsWithFrame, loadTestAddon, loadTracker, markerLine, sum, testAddonDir } from './helpers.mjs';

it('require() of an addon during a window: its allocations are tracked', () => {
  const tracker = loadTracker();
  tracker.install();
  tracker.start({ stacks: 'cheap' });
  const addon = loadTestAddon();  // dlopen while recording
  addon.leakMalloc(2048);
  addon.leakMalloc(2048);
  addon.leakInDep(3000);  // DT_NEEDED dependency found via the addon's RUNPATH
  addon.leakInPlugin(5000);  // dlopen("libleakproof_testplugin.so") by bare name
  tracker.stop();

  const leaks = groupsWithFrame(tracker, (f) => f.function.includes('leak_malloc_impl'));
  assert.equal(sum(leaks), 4096);

  const dep = groupsWithFrame(tracker, (f) => f.function === 'testdep_leak');
  assert.equal(sum(dep), 3000);
  const depSrc = path.join(testAddonDir, 'src', 'testdep.c');
  assert.equal(dep[0].frames[0].file, depSrc);
  assert.equal(dep[0].frames[0].line, markerLine('TESTDEP_LEAK_SITE', depSrc));

  const plugin = groupsWithFrame(tracker, (f) => f.function === 'testplugin_leak');
  assert.equal(sum(plugin), 5000);
  assert.match(plugin[0].frames[0].module, /libleakproof_testplugin\.so$/);
});
