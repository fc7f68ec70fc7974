// The addon loaded from a worker thread that then exits: Node may dlclose() it, but the GOT entries of every
// object still point at our hooks, so the library must stay mapped (linked with -z nodelete).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';

import { nativeDir, testAddonPath } from './helpers.mjs';

it('a worker thread that installed the tracker can exit; the process keeps allocating safely', () => {
  const script = `
    const { Worker } = require('node:worker_threads');
    const code = \`
      const { loadNative } = require(${JSON.stringify(path.join(nativeDir, 'index.cjs'))});
      const t = loadNative().addon; t.install();
      const a = require(${JSON.stringify(testAddonPath)});
      t.start({ stacks: 'cheap', threads: 'current' }); for (let i = 0; i < 100; i++) a.cleanMalloc(64); t.stop();
    \`;
    let done = 0;
    for (let round = 0; round < 3; round++) {
      const w = new Worker(code, { eval: true });
      w.on('exit', (c) => { if (c !== 0) process.exit(10 + c); if (++done === 3) after(); });
    }
    function after() { const keep = []; for (let i = 0; i < 100000; i++) keep.push(Buffer.alloc(64)); console.log('alive', keep.length); }
  `;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(child.signal, null, `crashed with ${child.signal}: ${child.stderr}`);
  assert.equal(child.status, 0, child.stderr);
  assert.match(child.stdout, /alive 100000/);
});
