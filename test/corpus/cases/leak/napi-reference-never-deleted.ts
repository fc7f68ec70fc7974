import { addon } from '../../addon';
import type { CorpusCase } from '../../case';

export default {
  description: 'test addon: napi_create_reference(obj, 1) never deleted (object kept alive + node reference record)',
  kind: 'leak',
  expect: ['heap', 'native'],
  cycle: () => addon.leakNapiRef({ caller: '+1 555 0100', codecs: ['opus', 'pcmu'] }),
} satisfies CorpusCase;
