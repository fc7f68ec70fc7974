import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: new char[200] never deleted',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakNewArray(200),
} satisfies CorpusCase;
