import type { CorpusCase } from '../../case';
import { BoundedLru } from '../bounded-lru';

const lru = new BoundedLru<string, { payload: number[] }>(300);
let key = 0;
export default {
  description: 'LRU cache of 300 entries filling up with a new key per call, then evicting',
  kind: 'clean',
  cycle: () => {
    lru.set(`user-${key++}`, { payload: [key, key + 1] });
  },
} satisfies CorpusCase;
