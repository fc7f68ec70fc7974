import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'new RegExp from one of 30 patterns per call (V8 regexp cache and compiled code fill, then reuse)',
  kind: 'clean',
  cycle: () => new RegExp(`^sip:user${n++ % 30}@[a-z.]+$`).test('sip:user7@example.org'),
} satisfies CorpusCase;
