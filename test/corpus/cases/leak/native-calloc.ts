import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: calloc(300, 1) never freed',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakCalloc(300),
} satisfies CorpusCase;
