import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: new char[200] + delete[]',
  kind: 'clean',
  cycle: () => addon.cleanNewArray(200),
} satisfies CorpusCase;
