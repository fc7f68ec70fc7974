import type { CorpusCase } from '../../case';

export default {
  description: 'allocates 100 rows of garbage per call and keeps none',
  kind: 'clean',
  cycle: () => Array.from({ length: 100 }, (_, i) => ({ i, label: `row ${i}` })).length,
} satisfies CorpusCase;
