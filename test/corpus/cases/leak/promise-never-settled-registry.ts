import type { CorpusCase } from '../../case';

const waiting = new Map<number, (value: unknown) => void>();
let id = 0;
export default {
  description: 'a request promise whose resolver waits in a map for a reply that never comes',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const payload = { id, body: 'ping' };
    void new Promise((resolve) => waiting.set(id++, resolve)).then(() => payload.body);
  },
} satisfies CorpusCase;
