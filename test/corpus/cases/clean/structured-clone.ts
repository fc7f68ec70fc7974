import type { CorpusCase } from '../../case';

const state = { calls: Array.from({ length: 20 }, (_, i) => ({ id: i, at: new Date(0), tags: new Set(['a']) })) };
export default {
  description: 'structuredClone of a small state object',
  kind: 'clean',
  cycle: () => structuredClone(state).calls.length,
} satisfies CorpusCase;
