import type { CorpusCase } from '../../case';

const settled: object[] = [];
export default {
  description: 'async cycle that leaks only after awaiting a timer',
  kind: 'leak',
  expect: 'heap',
  cycle: async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    settled.push({ settledAt: Date.now() });
  },
} satisfies CorpusCase;
