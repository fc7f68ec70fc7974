import type { CorpusCase } from '../../case';

export default {
  description: 'Buffer.allocUnsafe(100) from the shared pool, filled and dropped',
  kind: 'clean',
  cycle: () => Buffer.allocUnsafe(100).fill(7).readUInt8(3),
} satisfies CorpusCase;
