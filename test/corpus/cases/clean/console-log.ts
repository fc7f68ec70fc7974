import type { CorpusCase } from '../../case';

let line = 0;
export default {
  description: 'console.log per call (captured and forwarded by the runner)',
  kind: 'clean',
  knownIssue:
    "Was a FALSE POSITIVE under Jest 30 (+710 B/iteration): Jest's BufferedConsole keeps every entry in console._buffer until the file ends. Fixed in @leakproof/jest: while measuring, the buffer keeps the first 100 entries and counts the rest (bounded-console.ts).",
  cycle: () => {
    console.log(`call ${line++} handled`);
  },
} satisfies CorpusCase;
