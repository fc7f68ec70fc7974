import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: malloc(256) never freed',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakMalloc(256),
} satisfies CorpusCase;
