import type { CorpusCase } from '../../case';

const sessions = new Map<string, { startedAt: number }>();
let next = 0;
export default {
  description: 'Map keyed by a unique id per call, never deleted',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const id = `call-${next++}`;
    sessions.set(id, { startedAt: next });
  },
} satisfies CorpusCase;
