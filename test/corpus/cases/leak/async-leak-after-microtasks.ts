import type { CorpusCase } from '../../case';

const results = new Map<number, number[]>();
let n = 0;
export default {
  description: 'async cycle that leaks into a Map after three awaited microtasks',
  kind: 'leak',
  expect: 'heap',
  cycle: async () => {
    const rows = await Promise.resolve([1, 2, 3]);
    await Promise.resolve();
    await null;
    results.set(n++, rows);
  },
} satisfies CorpusCase;
