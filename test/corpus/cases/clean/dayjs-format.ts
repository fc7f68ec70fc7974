import dayjs from 'dayjs';
import type { CorpusCase } from '../../case';

let n = 0;
export default {
  description: 'dayjs: parse, add, diff and format per call',
  kind: 'clean',
  cycle: () => {
    const start = dayjs(1_700_000_000_000 + n++ * 1000);
    const end = start.add(90, 'second');
    return `${start.format('YYYY-MM-DD HH:mm:ss')} ${end.diff(start, 'second')}`;
  },
} satisfies CorpusCase;
