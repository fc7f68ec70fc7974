import type { CorpusCase } from '../../case';

let n = 0;
const g = globalThis as unknown as Record<string, unknown>;
export default {
  description: 'a new property on globalThis per call',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    g[`__corpus_leak_${n++}`] = { n };
  },
} satisfies CorpusCase;
