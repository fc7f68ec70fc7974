import type { CorpusCase } from '../../case';

let log = '';
let n = 0;
export default {
  description: 'appends a 40-char line per call to a module-level log string',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    log += `line ${n++} ${'-'.repeat(30)}\n`;
    return log.length;
  },
} satisfies CorpusCase;
