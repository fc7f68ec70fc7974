import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['@leakproof/vitest'],
    testTimeout: 30_000,
    // The terminal output plus leakproof-report.json for `leakproof compare` (path: LEAKPROOF_REPORT_FILE or this).
    reporters: ['default', ['@leakproof/vitest/reporter', { outputFile: 'reports/leakproof-report.json' }]],
  },
});
