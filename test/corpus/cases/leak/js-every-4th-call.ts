import type { CorpusCase } from '../../case';

const kept: object[] = [];
let calls = 0;
export default {
  description: 'keeps a 32-element array on every 4th call only',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    if (++calls % 4 === 0) kept.push({ calls, payload: new Array(32).fill(calls) });
  },
} satisfies CorpusCase;
