import type { CorpusCase } from '../../case';

const app = { name: 'server' };
const perApp = new WeakMap<object, object[]>([[app, []]]);
export default {
  description: 'WeakMap keyed by a long-lived object whose value array grows per call',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    perApp.get(app)?.push({ at: Date.now() });
  },
} satisfies CorpusCase;
