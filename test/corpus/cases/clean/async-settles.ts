import type { CorpusCase } from '../../case';

export default {
  description: 'async work that settles: a resolved promise and a setTimeout(0)',
  kind: 'clean',
  cycle: async () => {
    const data = await Promise.resolve({ rows: [1, 2, 3] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    return data.rows.length;
  },
} satisfies CorpusCase;
