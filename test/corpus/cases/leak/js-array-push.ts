import type { CorpusCase } from '../../case';

const retained: object[] = [];
export default {
  description: 'pushes one small object per call to a module-level array',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    retained.push({ foo: 'bar' });
  },
} satisfies CorpusCase;
