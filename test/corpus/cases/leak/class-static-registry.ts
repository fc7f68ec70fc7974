import type { CorpusCase } from '../../case';

class Call {
  static readonly all: Call[] = [];
  constructor(readonly number: string) {
    Call.all.push(this);
  }
}
let n = 0;
export default {
  description: 'a class whose constructor registers every instance in a static array',
  kind: 'leak',
  expect: 'heap',
  cycle: () => new Call(`+1 555 ${n++}`).number.length,
} satisfies CorpusCase;
