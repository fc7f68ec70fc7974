// The corpus as a Vitest suite. No import from 'vitest' here or in the cases (globals: true), so the same suite
// runs under Vitest 4 (Node 20) and Vitest 5 (Node 24); Jest runs it through jest.config.cjs.
export default {
  test: {
    root: import.meta.dirname,
    include: ['**/*.corpus.ts'],
    globals: true,
    setupFiles: ['@leakproof/vitest'],
    testTimeout: 30_000,
  },
};
