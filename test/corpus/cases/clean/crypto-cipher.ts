import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CorpusCase } from '../../case';

const key = randomBytes(32);
const frame = Buffer.alloc(160, 1);
export default {
  description: 'AES-256-GCM encrypt + decrypt of a 160 B frame with a random IV',
  kind: 'clean',
  cycle: () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(frame), cipher.final()]);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(cipher.getAuthTag());
    return Buffer.concat([decipher.update(sealed), decipher.final()]).length;
  },
} satisfies CorpusCase;
