import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: global std::vector<std::string> appended per call (64-char heap strings + vector growth)',
  kind: 'leak',
  expect: 'native',
  cycle: () => addon.leakVectorStrings(64),
} satisfies CorpusCase;
