import type { CorpusCase } from '../../case';

const metadata = new WeakMap<object, { seenAt: number }>();
export default {
  description: 'WeakMap cache keyed by short-lived request objects',
  kind: 'clean',
  cycle: () => {
    const request = { url: '/calls' };
    metadata.set(request, { seenAt: Date.now() });
  },
} satisfies CorpusCase;
