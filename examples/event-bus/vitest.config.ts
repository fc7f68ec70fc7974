import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    setupFiles: ['@leakproof/vitest'],
    testTimeout: 60_000,
  },
});
