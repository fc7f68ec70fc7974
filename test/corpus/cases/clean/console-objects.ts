import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'console.info / console.warn of objects per call (formatted by util.inspect, sent to the runner)',
  kind: 'clean',
  knownIssue:
    'Jest 30: was a FALSE POSITIVE every run (+1.63 kB/iteration, console._buffer as for console-log; fixed in @leakproof/jest, bounded-console.ts). Vitest 4 on Node 20: FALSE POSITIVE in 2 of 6 soak repetitions (+50-87 B/iteration in all 7 phases, no JS class grew in the snapshot): the runner\'s console forwarding retained memory while the CPU was contended; not reproduced on the current build yet (see RESULTS.md).',
  cycle: () => {
    console.info({ call: n++, codecs: ['opus', 'pcmu'] });
    console.warn('jitter', { ms: n % 7 });
  },
} satisfies CorpusCase;
