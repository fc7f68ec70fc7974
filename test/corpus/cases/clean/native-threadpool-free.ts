import { addon, onWorker } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: malloc/free + new/delete on a libuv threadpool thread',
  kind: 'clean',
  cycle: () => onWorker(addon.cleanOnWorker, 384),
} satisfies CorpusCase;
