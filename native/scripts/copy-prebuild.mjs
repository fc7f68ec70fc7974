// Copies the freshly built addon to prebuilds/<platform>-<arch>/leakproof_native.node, the
// location loadNative() tries first (CI builds it there; binaries are not committed).
//   run by `pnpm --filter @leakproof/native build` after cmake-js
import { copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.join(nativeDir, 'build', 'Release', 'leakproof_native.node');
const dir = path.join(nativeDir, 'prebuilds', `${process.platform}-${process.arch}`);
const to = path.join(dir, 'leakproof_native.node');
if (!existsSync(from)) {
  console.error(`copy-prebuild: ${from} does not exist (cmake-js build failed?)`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true });
// Copy then rename: a process that has the old binary mapped keeps its (unlinked) inode.
const tmp = `${to}.tmp-${process.pid}`;
copyFileSync(from, tmp);
renameSync(tmp, to);
console.log(`prebuild: ${path.relative(nativeDir, to)}`);
