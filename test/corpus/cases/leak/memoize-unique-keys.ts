import type { CorpusCase } from '../../case';

const cache = new Map<string, number>();
const memoized = (query: { user: number; page: number }) => {
  const key = JSON.stringify(query);
  let hit = cache.get(key);
  if (hit === undefined) cache.set(key, (hit = query.user * query.page));
  return hit;
};
let user = 0;
export default {
  description: 'a hand-written memoize cache with a unique key per call (a cache that never plateaus)',
  kind: 'leak',
  expect: 'heap',
  cycle: () => memoized({ user: user++, page: 1 }),
} satisfies CorpusCase;
