import { addon, onWorker } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: malloc(384) on a libuv threadpool thread, never freed',
  kind: 'leak',
  expect: 'native',
  cycle: () => onWorker(addon.leakOnWorker, 384),
} satisfies CorpusCase;
