import type { CorpusCase } from '../../case';

const seen = new Set<object>();
export default {
  description: 'Set of request objects that are added and never deleted',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    seen.add({ path: '/x', method: 'GET' });
  },
} satisfies CorpusCase;
