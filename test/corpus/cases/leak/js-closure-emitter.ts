import { EventEmitter } from 'node:events';
import type { CorpusCase } from '../../case';

const bus = new EventEmitter();
bus.setMaxListeners(0);
export default {
  description: 'adds an EventEmitter listener per call whose closure retains the session',
  kind: 'leak',
  expect: 'heap',
  cycle: () => {
    const session = { id: Math.random(), frames: [1, 2, 3] };
    bus.on('tick', () => session.frames.length);
  },
} satisfies CorpusCase;
