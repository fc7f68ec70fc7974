import { deflateSync, inflateSync } from 'node:zlib';
import type { CorpusCase } from '../../case';

const payload = Buffer.from('RTP payload '.repeat(400));
export default {
  description: 'zlib deflateSync + inflateSync of 4.8 kB (zlib state malloc/free per call)',
  kind: 'clean',
  cycle: () => inflateSync(deflateSync(payload)).length,
} satisfies CorpusCase;
