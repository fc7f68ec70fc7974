import type { CorpusCase } from '../../case';

let table: Map<number, string> | undefined;
export default {
  description: 'lazy one-time init of a 5,000-entry lookup table on the first call',
  kind: 'clean',
  cycle: () => {
    table ??= new Map(Array.from({ length: 5000 }, (_, i) => [i, `value ${i}`]));
    return table.get(42);
  },
} satisfies CorpusCase;
