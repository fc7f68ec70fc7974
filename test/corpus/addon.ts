// The test addon (test/native-addon) for native corpus cases. Path from LEAKPROOF_TEST_ADDON (set by run.mjs),
// else relative to the working directory (test/corpus). No import.meta: the corpus also runs under Jest (CJS).
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

type Done = (error: null, tid: number) => void;

export interface CorpusAddon {
  leakMalloc(bytes: number): void;
  cleanMalloc(bytes: number): void;
  leakNewArray(n: number): void;
  cleanNewArray(n: number): void;
  leakTracked(bytes: number): boolean;
  cleanTracked(bytes: number): boolean;
  leakOnWorker(bytes: number, done: Done): void;
  cleanOnWorker(bytes: number, done: Done): void;
  leakInDep(bytes: number): void;
  leakNapiRef(value: object): void;
  cleanNapiRef(value: object): void;
  leakEveryKth(k: number, bytes: number): void;
  leakCalloc(bytes: number): void;
  leakStrdup(length: number): void;
  leakVectorStrings(length: number): void;
  cleanNativeRing(bytes: number): void;
  cleanNativeLazy(index: number): number;
}

const loader = process.env.LEAKPROOF_TEST_ADDON ?? resolve(process.cwd(), '..', 'native-addon', 'index.cjs');
export const addon = (createRequire(loader)(loader) as { load(): CorpusAddon }).load();

/** Runs one of the threadpool functions and resolves when its libuv work is done. */
export const onWorker = (run: (bytes: number, done: Done) => void, bytes: number) =>
  new Promise<number>((done) => run(bytes, (_, tid) => done(tid)));
