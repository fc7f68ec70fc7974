import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: malloc(256) + free',
  kind: 'clean',
  cycle: () => addon.cleanMalloc(256),
} satisfies CorpusCase;
