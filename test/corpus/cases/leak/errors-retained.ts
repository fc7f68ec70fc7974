import type { CorpusCase } from '../../case';

const errors: Error[] = [];
export default {
  description: 'keeps every Error (with its captured stack) in an array',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    errors.push(new Error('call failed'));
  },
} satisfies CorpusCase;
