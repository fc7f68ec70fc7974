import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'new URL + URLSearchParams per call (native URL parser)',
  kind: 'clean',
  cycle: () => new URL(`https://example.org/calls/${n++}?codec=opus&ptime=20`).searchParams.get('codec'),
} satisfies CorpusCase;
