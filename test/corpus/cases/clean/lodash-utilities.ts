import cloneDeep from 'lodash/cloneDeep';
import groupBy from 'lodash/groupBy';
import sortBy from 'lodash/sortBy';
import type { CorpusCase } from '../../case';

const calls = Array.from({ length: 50 }, (_, i) => ({ id: i, codec: i % 3 === 0 ? 'opus' : 'pcmu', ms: (i * 37) % 101 }));
export default {
  description: 'lodash: cloneDeep, groupBy and sortBy of 50 records per call',
  kind: 'clean',
  knownIssue:
    'Vitest 5 on Node 24: FALSE POSITIVE in 1 of 6 soak repetitions with the core build before 6f95a8b (phases 2 and 6 were flat, yet LEAK; +62.6 B/iteration); see RESULTS.md.',
  cycle: () => Object.keys(groupBy(sortBy(cloneDeep(calls), 'ms'), 'codec')).length,
} satisfies CorpusCase;
