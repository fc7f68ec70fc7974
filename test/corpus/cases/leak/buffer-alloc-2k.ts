import type { CorpusCase } from '../../case';

const frames: Buffer[] = [];
export default {
  description: 'keeps a 2 KiB Buffer.alloc per call (off-heap backing store)',
  kind: 'leak',
  expect: 'external',
  cycle: () => {
    frames.push(Buffer.alloc(2048));
  },
} satisfies CorpusCase;
