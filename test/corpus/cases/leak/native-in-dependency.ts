import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: "test addon: malloc(128) leaked inside a shared library found through the addon's RUNPATH",
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakInDep(128),
} satisfies CorpusCase;
