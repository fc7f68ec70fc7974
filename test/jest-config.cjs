// Jest config for the shared (parity) fixtures, built against the Jest install of one matrix package
// (test/jest29 or test/jest30) and one transformer: 'ts-jest' or 'babel'.
const { createRequire } = require('node:module');
const path = require('node:path');

module.exports = function jestConfig(packageDir, transformer) {
  const fromPackage = createRequire(path.join(packageDir, 'package.json'));
  const transform =
    transformer === 'babel'
      ? [
          fromPackage.resolve('babel-jest'),
          {
            presets: [
              [fromPackage.resolve('@babel/preset-env'), { targets: { node: 'current' } }],
              fromPackage.resolve('@babel/preset-typescript'),
            ],
          },
        ]
      : [
          fromPackage.resolve('ts-jest'),
          { tsconfig: { module: 'commonjs', target: 'es2022', esModuleInterop: true, strict: true, types: [], isolatedModules: true }, diagnostics: false },
        ];
  return {
    rootDir: path.join(__dirname, 'fixtures', 'shared'),
    testMatch: ['**/*.parity.ts'],
    testEnvironment: fromPackage.resolve('@leakproof/jest/environment'),
    setupFilesAfterEnv: [fromPackage.resolve('@leakproof/jest')],
    transform: { '^.+\\.ts$': transform },
    // NodeNext-style relative imports ('./x.js' for x.ts) in fixtures
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testTimeout: 20_000,
    // Non-verbose runs use Jest's BufferedConsole (the common case with many files): keep that path under test.
    verbose: false,
  };
};
