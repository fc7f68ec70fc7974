import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: napi_create_reference + napi_delete_reference',
  kind: 'clean',
  cycle: () => addon.cleanNapiRef({ caller: '+1 555 0100', codecs: ['opus', 'pcmu'] }),
} satisfies CorpusCase;
