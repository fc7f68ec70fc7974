import type { CorpusCase } from '../../case';

export default {
  description: 'a one-hour setTimeout per call retaining a 256 B Buffer (pending for the whole test)',
  kind: 'leak',
  expect: ['heap', 'external'],
  cycle: () => {
    const frame = Buffer.alloc(256);
    setTimeout(() => frame.length, 3_600_000).unref();
  },
} satisfies CorpusCase;
