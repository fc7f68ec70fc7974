import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: strdup of a 100-char string never freed (malloc inside libc)',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakStrdup(100),
} satisfies CorpusCase;
