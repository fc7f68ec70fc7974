import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/matchers.ts', 'src/environment.ts', 'src/reporter.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  external: ['@leakproof/core', '@leakproof/core/report', '@leakproof/native', 'jest-environment-node', 'expect'],
});
