import type { CorpusCase } from '../../case';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let n = 0;
export default {
  description: 'TextEncoder.encode + TextDecoder.decode of a short string',
  kind: 'clean',
  cycle: () => decoder.decode(encoder.encode(`ünïcode ${n++}`)).length,
} satisfies CorpusCase;
