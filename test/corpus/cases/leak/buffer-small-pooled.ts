import type { CorpusCase } from '../../case';

const headers: Buffer[] = [];
let n = 0;
export default {
  description: 'keeps a small pooled Buffer.from per call (shares 8 KiB slabs: external grows in steps)',
  kind: 'leak',
  expect: ['heap', 'external'],
  cycle: () => {
    headers.push(Buffer.from(`x-request-id: ${n++}`));
  },
} satisfies CorpusCase;
