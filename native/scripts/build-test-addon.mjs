// Builds test/native-addon with this package's cmake-js and node-addon-api, so the test
// addon builds even when it is not (yet) a pnpm workspace member. Skips when up to date.
// Other addons in the repo (examples) build the same way: `build-test-addon.mjs <addon dir> <target name>`
// (a directory with CMakeLists.txt and src/, relative to the repo root).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const nativeDir = path.resolve(here, '..');
const [addonArg, targetArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const addonDir = path.resolve(nativeDir, '..', addonArg ?? path.join('test', 'native-addon'));
const binary = path.join(addonDir, 'build', 'Release', `${targetArg ?? 'leakproof_test_addon'}.node`);
const require = createRequire(path.join(nativeDir, 'package.json'));

const force = process.argv.includes('--force');
function newest(dir) {
  let t = 0;
  for (const f of readdirSync(dir)) t = Math.max(t, statSync(path.join(dir, f)).mtimeMs);
  return t;
}
const sourcesTime = Math.max(newest(path.join(addonDir, 'src')), statSync(path.join(addonDir, 'CMakeLists.txt')).mtimeMs,
  statSync(path.join(nativeDir, 'include', 'leakproof.h')).mtimeMs);
if (!force && existsSync(binary) && statSync(binary).mtimeMs >= sourcesTime) {
  console.log(`addon up to date: ${binary}`);
  process.exit(0);
}
const cmakeJs = path.join(path.dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
const napiDir = path.dirname(require.resolve('node-addon-api/package.json'));
const r = spawnSync(process.execPath, [cmakeJs, 'compile', '-d', addonDir, '--out', path.join(addonDir, 'build'),
  `--CDNODE_ADDON_API_DIR=${napiDir}`], { stdio: 'inherit', cwd: addonDir });
process.exit(r.status ?? 1);
