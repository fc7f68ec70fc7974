import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: malloc(1024) kept on every 7th call only',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakEveryKth(7, 1024),
} satisfies CorpusCase;
