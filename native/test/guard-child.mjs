// Child process of guard.test.mjs: `node guard-child.mjs <right|left|off> <function> <size>`
// installs the tracker, turns guard-page mode on (unless `off`), loads the test addon and calls
// one of its functions, then prints the result and the guard statistics as JSON.
// Without arguments (node --test picks up every file here) it does nothing.
import { loadTestAddon, loadTracker } from './helpers.mjs';

const [align, fn, size] = process.argv.slice(2);
if (fn) {
  const tracker = loadTracker();
  tracker.install();
  const addon = loadTestAddon();
  tracker.install();
  if (align !== 'off') tracker.guardEnable({ sampleRate: 1, align });
  const result = addon[fn](Number(size));
  process.stdout.write(`${JSON.stringify({ result, stats: tracker.guardStats() })}\n`);
}
