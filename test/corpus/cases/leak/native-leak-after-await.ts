import { setImmediate as turn } from 'node:timers/promises';
import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'async cycle: awaits a macrotask, then mallocs 200 B in the addon and never frees it',
  kind: 'leak',
  expect: 'native',
  cycle: async () => {
    await turn();
    addon.leakMalloc(200);
  },
} satisfies CorpusCase;
