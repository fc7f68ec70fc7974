import type { CorpusCase } from '../../case';

export default {
  description: 'setInterval that fires twice and is cleared, plus a setTimeout cleared before it fires',
  kind: 'clean',
  cycle: async () => {
    const data = new Array(64).fill(1);
    const never = setTimeout(() => data.length, 60_000);
    clearTimeout(never);
    await new Promise<void>((resolve) => {
      let ticks = 0;
      const interval = setInterval(() => {
        if (++ticks === 2) {
          clearInterval(interval);
          resolve();
        }
      }, 0);
    });
  },
} satisfies CorpusCase;
