import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/matchers.ts', 'src/reporter.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', '@leakproof/core', '@leakproof/core/report'],
});
