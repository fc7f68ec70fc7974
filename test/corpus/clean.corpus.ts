// Every clean case of the corpus: each test passes when toNotLeak passes.
import { defineCorpus } from './harness';

defineCorpus('clean');
