import type { CorpusCase } from '../../case';

const batch = new Map<number, { row: number[] }>();
let n = 0;
export default {
  description: 'buffers rows in a Map and flushes (clears) it every 64 calls: a sawtooth, not a trend',
  kind: 'clean',
  cycle: () => {
    batch.set(n, { row: [n, n + 1, n + 2] });
    if (++n % 64 === 0) batch.clear();
  },
} satisfies CorpusCase;
