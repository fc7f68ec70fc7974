import { createHash, createHmac } from 'node:crypto';
import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'sha256 hash + HMAC of a short message (OpenSSL contexts per call)',
  kind: 'clean',
  cycle: () => {
    const body = `INVITE sip:${n++}@example.org`;
    return createHash('sha256').update(body).digest('hex') + createHmac('sha256', 'secret').update(body).digest('base64');
  },
} satisfies CorpusCase;
