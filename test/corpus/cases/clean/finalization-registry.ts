import type { CorpusCase } from '../../case';

const cleanup = new FinalizationRegistry<{ handle: number[] }>(() => {});
export default {
  description: 'FinalizationRegistry-delayed cleanup: held values are released only after the target is collected',
  kind: 'clean',
  cycle: () => {
    const resource = { fd: Math.random() };
    cleanup.register(resource, { handle: [1, 2, 3] });
  },
} satisfies CorpusCase;
