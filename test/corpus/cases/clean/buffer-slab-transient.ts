import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'small Buffer.from per call (8 KiB pool slabs are handed out and dropped), none kept',
  kind: 'clean',
  cycle: () => Buffer.from(`frame ${n++} ${'x'.repeat(n % 50)}`).length,
} satisfies CorpusCase;
