import type { CorpusCase } from '../../case';

const shutdown = new AbortController();
export default {
  description: 'adds an abort listener per call to one long-lived AbortSignal (never removed)',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const request = { url: '/calls', startedAt: Date.now() };
    shutdown.signal.addEventListener('abort', () => request.url.length);
  },
} satisfies CorpusCase;
