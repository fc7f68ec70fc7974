module.exports = require('../jest-config.cjs')(__dirname, process.env.LEAKPROOF_JEST_TRANSFORM ?? 'ts-jest');
