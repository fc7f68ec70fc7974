// Every leaking case of the corpus: each test passes when toNotLeak reports a LEAK.
import { defineCorpus } from './harness';

defineCorpus('leak');
