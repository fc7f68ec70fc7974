import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import type { CorpusCase } from '../../case';

const derive = promisify(pbkdf2);
export default {
  description: 'async pbkdf2 (100 rounds) on the libuv threadpool',
  kind: 'clean',
  cycle: async () => (await derive('password', 'salt', 100, 32, 'sha256')).length,
} satisfies CorpusCase;
