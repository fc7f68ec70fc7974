import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: custom pool slot registered with leakproof_track() and never returned',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakTracked(512),
} satisfies CorpusCase;
