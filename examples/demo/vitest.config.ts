import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['@leakproof/vitest'],
    testTimeout: 15_000,
  },
});
