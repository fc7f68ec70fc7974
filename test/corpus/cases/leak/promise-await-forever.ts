import type { CorpusCase } from '../../case';

const ready = new Promise<void>(() => {}); // never settles
export default {
  description: 'each call starts an async task awaiting one never-settled promise: its reaction list grows',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const job = { rows: [1, 2, 3, 4] };
    void (async () => {
      await ready;
      return job.rows.length;
    })();
  },
} satisfies CorpusCase;
