import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'a new Intl.NumberFormat per call (ICU objects, native memory owned by V8)',
  kind: 'clean',
  cycle: () => new Intl.NumberFormat('en-US', { style: 'unit', unit: 'millisecond' }).format(n++),
} satisfies CorpusCase;
