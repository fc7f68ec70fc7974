import type { CorpusCase } from '../../case';

const churn = new Map<number, { t: number }>();
let key = 0;
export default {
  description: 'Map with one add and one delete per call (64 live entries; rehash steps as the table cycles)',
  kind: 'clean',
  cycle: () => {
    churn.set(key, { t: key });
    churn.delete(key - 64);
    key++;
  },
} satisfies CorpusCase;
