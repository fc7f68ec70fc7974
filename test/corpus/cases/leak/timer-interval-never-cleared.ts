import type { CorpusCase } from '../../case';

export default {
  description: 'setInterval never cleared, its callback retaining 64 numbers (unref so the worker can exit)',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const data = new Array(64).fill(1);
    setInterval(() => data.length, 3_600_000).unref();
  },
} satisfies CorpusCase;
