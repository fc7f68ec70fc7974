import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['test/vitest/**/*.test.ts'],
    globals: true, // the suite is shared with Jest: describe/test/expect come from the runner
    setupFiles: ['@leakproof/vitest'],
    testTimeout: 60_000,
  },
});
