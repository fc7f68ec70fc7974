import type { CorpusCase } from '../../case';

const buffers: ArrayBuffer[] = [];
export default {
  description: 'keeps a 1 KiB ArrayBuffer per call',
  kind: 'leak',
  expect: 'external',
  cycle: () => {
    buffers.push(new ArrayBuffer(1024));
  },
} satisfies CorpusCase;
