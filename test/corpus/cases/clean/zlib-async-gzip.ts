import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { CorpusCase } from '../../case';

const gz = promisify(gzip);
const gunz = promisify(gunzip);
const payload = Buffer.from('call record; '.repeat(300));
export default {
  description: 'async gzip + gunzip on the libuv threadpool',
  kind: 'clean',
  cycle: async () => (await gunz(await gz(payload))).length,
} satisfies CorpusCase;
