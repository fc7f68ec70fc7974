// The corpus under Jest 30 (test/jest30): the shared Jest config (leakproof environment + setup, ts-jest or babel),
// pointed at test/corpus. Transform from LEAKPROOF_JEST_TRANSFORM: 'babel' (default here) or 'ts-jest'.
const path = require('node:path');

const base = require('../jest-config.cjs')(path.join(__dirname, '..', 'jest30'), process.env.LEAKPROOF_JEST_TRANSFORM ?? 'babel');
module.exports = { ...base, rootDir: __dirname, testMatch: ['**/*.corpus.ts'], testTimeout: 30_000 };
