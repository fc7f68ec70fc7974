import type { CorpusCase } from '../../case';

const byId = new Map<number, WeakRef<object>>();
const registry = new FinalizationRegistry<number>((id) => byId.delete(id));
let id = 0;
export default {
  description: 'Map of WeakRefs with a unique key per call, entries deleted by a FinalizationRegistry callback',
  kind: 'clean',
  cycle: () => {
    const session = { id: id++ };
    byId.set(session.id, new WeakRef(session));
    registry.register(session, session.id);
  },
} satisfies CorpusCase;
