import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'objects with one of 40 computed property names: hidden classes and ICs are created, then reused',
  kind: 'clean',
  cycle: () => {
    const key = `field${n++ % 40}`;
    const o: Record<string, number> = { id: n };
    o[key] = n;
    return Object.keys(o).length;
  },
} satisfies CorpusCase;
