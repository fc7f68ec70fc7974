import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: bounded native cache (ring of 128 x 256 B) filling during the measurement, then replacing',
  kind: 'clean',
  cycle: () => addon.cleanNativeRing(256),
} satisfies CorpusCase;
