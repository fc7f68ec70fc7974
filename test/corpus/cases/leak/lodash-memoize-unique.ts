import memoize from 'lodash/memoize';
import type { CorpusCase } from '../../case';

const price = memoize((sku: string) => ({ sku, cents: sku.length * 100 }));
let n = 0;
export default {
  description: 'lodash memoize called with a unique key per call: its MapCache never evicts',
  kind: 'leak',
  expect: 'heap',
  cycle: () => price(`sku-${n++}`).cents,
} satisfies CorpusCase;
