import type { CorpusCase } from '../../case';

let config: Promise<{ codecs: string[] }> | undefined;
const load = async () => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return { codecs: Array.from({ length: 2000 }, (_, i) => `codec-${i}`) };
};
export default {
  description: 'async once-promise: the first call loads a config, later calls await the cached promise',
  kind: 'clean',
  cycle: async () => {
    config ??= load();
    return (await config).codecs.length;
  },
} satisfies CorpusCase;
