import memoize from 'lodash/memoize';
import type { CorpusCase } from '../../case';

const price = memoize((sku: string) => ({ sku, cents: sku.length * 100 }));
let n = 0;
export default {
  description: 'lodash memoize over 250 distinct keys: the cache fills during the measurement, then only hits',
  kind: 'clean',
  cycle: () => price(`sku-${n++ % 250}`).cents,
} satisfies CorpusCase;
