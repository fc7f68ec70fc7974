'use strict';
// Loader of the voip-call addon (built by `pnpm build` at the repo root, or `pnpm --filter @leakproof/example-voip-call build`).
const path = require('node:path');
const binaryPath = path.join(__dirname, 'build', 'Release', 'voip_call.node');
const sourceDir = path.join(__dirname, 'src');
module.exports = { binaryPath, sourceDir, load: () => require(binaryPath) };
