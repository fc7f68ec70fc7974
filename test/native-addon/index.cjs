'use strict';
const path = require('node:path');
const binaryPath = path.join(__dirname, 'build', 'Release', 'leakproof_test_addon.node');
const sourcePath = path.join(__dirname, 'src', 'addon.cc');
module.exports = { binaryPath, sourcePath, load: () => require(binaryPath) };
