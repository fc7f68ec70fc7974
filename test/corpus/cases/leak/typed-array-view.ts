import type { CorpusCase } from '../../case';

const samples: Float64Array[] = [];
export default {
  description: 'keeps a Float64Array(64) (512 B backing store) per call',
  kind: 'leak',
  expect: ['heap', 'external'],
  cycle: () => {
    samples.push(new Float64Array(64));
  },
} satisfies CorpusCase;
