// Jest runs the same suite as Vitest (test/call-session.suite.ts) through test/jest.
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/jest/**/*.test.ts'],
  testEnvironment: '@leakproof/jest/environment',
  setupFilesAfterEnv: ['@leakproof/jest'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', target: 'es2022', esModuleInterop: true, strict: true, types: [], isolatedModules: true }, diagnostics: false }],
  },
  // The sources use ESM import paths ('./x.js') for the .ts files next to them.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // A confirmed leak costs ~125 full GCs plus a heap diagnosis on Jest's larger heap: give it room.
  testTimeout: 120_000,
};
