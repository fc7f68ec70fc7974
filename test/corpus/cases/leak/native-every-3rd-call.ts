import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: malloc(512) kept on every 3rd call only',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakEveryKth(3, 512),
} satisfies CorpusCase;
