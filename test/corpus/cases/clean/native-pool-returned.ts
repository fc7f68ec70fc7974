import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: pool slot tracked with leakproof_track() and returned (untracked)',
  kind: 'clean',
  cycle: () => addon.cleanTracked(512),
} satisfies CorpusCase;
