import type { CorpusCase } from '../../case';

const kept: object[] = [];
let calls = 0;
export default {
  description: 'keeps a 32-element array on every 7th call only',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    if (++calls % 7 === 0) kept.push({ calls, payload: new Array(32).fill(calls) });
  },
} satisfies CorpusCase;
