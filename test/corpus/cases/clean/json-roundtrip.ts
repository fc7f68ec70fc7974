import type { CorpusCase } from '../../case';

const message = { type: 'offer', sdp: 'v=0\r\n'.repeat(20), candidates: Array.from({ length: 8 }, (_, i) => ({ i })) };
export default {
  description: 'JSON.stringify + JSON.parse of a signaling message',
  kind: 'clean',
  cycle: () => (JSON.parse(JSON.stringify(message)) as typeof message).candidates.length,
} satisfies CorpusCase;
