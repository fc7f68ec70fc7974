import { z } from 'zod';
import type { CorpusCase } from '../../case';

const Call = z.object({
  id: z.string().uuid(),
  from: z.string().regex(/^\+\d+/),
  codecs: z.array(z.enum(['opus', 'pcmu', 'pcma'])).min(1),
  startedAt: z.number().int(),
});
let n = 0;
export default {
  description: 'zod: one schema, safeParse of a valid and an invalid call per call',
  kind: 'clean',
  cycle: () => {
    const ok = Call.safeParse({ id: '3b241101-e2bb-4255-8caf-4136c566a962', from: '+1555', codecs: ['opus'], startedAt: n++ });
    const bad = Call.safeParse({ id: 'x', from: 'nope', codecs: [], startedAt: 1.5 });
    return ok.success && !bad.success;
  },
} satisfies CorpusCase;
