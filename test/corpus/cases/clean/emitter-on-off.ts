import { EventEmitter } from 'node:events';
import type { CorpusCase } from '../../case';

const bus = new EventEmitter();
export default {
  description: 'EventEmitter listener added and removed per call',
  kind: 'clean',
  cycle: () => {
    const session = { frames: [1, 2, 3] };
    const onTick = () => session.frames.length;
    bus.on('tick', onTick);
    bus.emit('tick');
    bus.off('tick', onTick);
  },
} satisfies CorpusCase;
