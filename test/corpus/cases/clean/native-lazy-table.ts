import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'test addon: a 64 KiB native table allocated on the first call only',
  kind: 'clean',
  cycle: () => addon.cleanNativeLazy(n++),
} satisfies CorpusCase;
