import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cjs = require('./index.cjs');

export const loadNative = cjs.loadNative;
export const binaryPath = cjs.binaryPath;
export default cjs;
