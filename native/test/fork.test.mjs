// fork safety: native fork() while recording (with threadpool churn), and child processes
// that load and use the tracker themselves.
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { promisify } from 'node:util';

import { loadTestAddon, loadTracker } from './helpers.mjs';

const helpers = new URL('./helpers.mjs', import.meta.url).href;
const childScript = `
  const { loadTracker, loadTestAddon } = await import(${JSON.stringify(helpers)});
  const t = loadTracker(); t.install(); const a = loadTestAddon(); t.install();
  t.start({ stacks: 'full' });
  a.leakMalloc(1234);
  const status = a.forkAndAlloc();
  t.stop();
  const out = { status, current: t.counters().current };
  if (process.send) process.send(out); else console.log(JSON.stringify(out));
`;

it('native fork() while recording and while 4 threadpool threads allocate', async () => {
  const tracker = loadTracker();
  tracker.install();
  const addon = loadTestAddon();
  tracker.install();
  const churn = promisify(addon.churnOnWorker);
  tracker.start({ stacks: 'cheap' });
  const work = [1, 2, 3, 4].map(() => churn(300_000, 40));
  for (let i = 0; i < 20; i++) assert.equal(addon.forkAndAlloc(), 42, `fork #${i}`);
  await Promise.all(work);
  tracker.stop();
  assert.ok(tracker.counters().allocations > 0);
});

it('spawnSync of a node process using the tracker does not deadlock', () => {
  const tracker = loadTracker();
  tracker.install();
  tracker.start({ stacks: 'cheap' });
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', childScript], { encoding: 'utf8', timeout: 60_000 });
  tracker.stop();
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.equal(out.status, 42);
  assert.ok(out.current >= 1234);
});

it('child_process.fork of a process using the tracker does not deadlock', async () => {
  const tracker = loadTracker();
  tracker.install();
  tracker.start({ stacks: 'full' });
  const child = fork('--input-type=module', [], { execArgv: ['--input-type=module', '-e', childScript], timeout: 60_000 });
  const msg = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`child exited ${code}`)));
  });
  tracker.stop();
  assert.equal(msg.status, 42);
  assert.ok(msg.current >= 1234);
});
