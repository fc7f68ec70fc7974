import type { CorpusCase } from '../../case';

export default {
  description: 'Promise.all of 10 async tasks that all settle',
  kind: 'clean',
  cycle: async () => {
    const parts = await Promise.all(Array.from({ length: 10 }, async (_, i) => ({ i, text: `part ${i}` })));
    return parts.length;
  },
} satisfies CorpusCase;
