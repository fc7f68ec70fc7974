import Ajv from 'ajv';
import type { CorpusCase } from '../../case';

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile({
  type: 'object',
  properties: { id: { type: 'integer' }, codec: { enum: ['opus', 'pcmu'] }, ptime: { type: 'number', maximum: 120 } },
  required: ['id', 'codec'],
  additionalProperties: false,
});
let n = 0;
export default {
  description: 'ajv: schema compiled once, validate a valid and an invalid document per call (errors array replaced)',
  kind: 'clean',
  cycle: () => validate({ id: n++, codec: 'opus', ptime: 20 }) && !validate({ id: 'x', codec: 'g729', extra: 1 }),
} satisfies CorpusCase;
