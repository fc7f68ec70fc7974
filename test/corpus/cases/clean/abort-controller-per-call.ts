import type { CorpusCase } from '../../case';

export default {
  description: 'a fresh AbortController per call with a listener, aborted at the end',
  kind: 'clean',
  cycle: () => {
    const controller = new AbortController();
    const request = { url: '/calls' };
    controller.signal.addEventListener('abort', () => request.url.length, { once: true });
    controller.abort();
  },
} satisfies CorpusCase;
