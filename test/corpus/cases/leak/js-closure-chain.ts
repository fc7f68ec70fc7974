import type { CorpusCase } from '../../case';

let last: () => number = () => 0;
export default {
  description: 'each call wraps the previous closure in a new one (a growing closure chain)',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const previous = last;
    const data = [1, 2];
    last = () => previous() + data.length;
  },
} satisfies CorpusCase;
