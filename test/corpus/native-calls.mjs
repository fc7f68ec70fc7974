// The native leak cases of the corpus as plain calls, for test/corpus/valgrind-crosscheck.mjs.
//   node native-calls.mjs plain <n>       calls every case n times and exits (run under valgrind)
//   node native-calls.mjs leakproof <n>   calls every case n times in a leakproof tracking window (live blocks
//                                         at the case's site), then runs detectLeak (native metric) on it; JSON out
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const testDir = join(import.meta.dirname, '..');
const require = createRequire(join(testDir, 'package.json'));
const addon = require(join(testDir, 'native-addon', 'index.cjs')).load();
const onWorker = (run, bytes) => new Promise((done) => run(bytes, () => done()));

/** Each native leak case: the call, the function that allocates (a frame both tools should name), bytes per call. */
export const nativeCases = [
  { id: 'leak/native-malloc', call: () => addon.leakMalloc(256), site: 'leak_malloc_impl', perCall: 256 },
  { id: 'leak/native-new-array', call: () => addon.leakNewArray(200), site: 'leak_new_array_impl', perCall: 200 },
  { id: 'leak/native-calloc', call: () => addon.leakCalloc(300), site: 'leak_calloc_impl', perCall: 300 },
  { id: 'leak/native-strdup', call: () => addon.leakStrdup(100), site: 'leak_strdup_impl', perCall: 101 },
  { id: 'leak/native-in-dependency', call: () => addon.leakInDep(128), site: 'testdep_leak', perCall: 128 },
  { id: 'leak/native-threadpool', call: () => onWorker(addon.leakOnWorker, 384), site: 'worker_leak_impl', perCall: 384 },
  { id: 'leak/native-every-3rd-call', call: () => addon.leakEveryKth(3, 512), site: 'leak_every_kth_impl', perCall: 512 / 3 },
  { id: 'leak/native-every-7th-call', call: () => addon.leakEveryKth(7, 1024), site: 'leak_every_kth_impl', perCall: 1024 / 7 },
  { id: 'leak/native-vector-strings', call: () => addon.leakVectorStrings(64), site: 'LeakVectorStrings', perCall: 65 },
  { id: 'leak/napi-reference-never-deleted', call: () => addon.leakNapiRef({ caller: '+1 555 0100' }), site: 'LeakNapiRef', perCall: undefined },
  { id: 'leak/native-pool-c-api', call: () => addon.leakTracked(512), site: 'pool_acquire', perCall: 512 },
];

async function callN(c, n) {
  for (let i = 0; i < n; i++) await c.call();
}

const ALLOCATOR = /^(__libc_)?(malloc|calloc|realloc|strdup|posix_memalign|aligned_alloc|memalign)$|^operator new|^leakproof_track$|^__gnu_cxx::new_allocator|^std::__new_allocator|^leakproof::|^\?\?$/;

async function leakproofMode(n) {
  const core = await import(pathToFileURL(require.resolve('@leakproof/core')).href);
  const native = require(join(testDir, '..', 'native', 'index.cjs')).loadNative();
  if (!native.ok) throw new Error(native.reason);
  const tracker = native.addon;
  tracker.install();
  const out = [];
  for (const c of nativeCases) {
    // 1. Raw tracking window: n calls, then the live blocks whose stack passes through the case's site.
    tracker.start({ stacks: 'full' });
    await callN(c, n);
    tracker.stop();
    let bytes = 0;
    let blocks = 0;
    let fn;
    for (const g of tracker.liveByStack()) {
      const frames = tracker.symbolize(g.stackId);
      if (!frames.some((f) => f.function.includes(c.site))) continue;
      bytes += g.bytes;
      blocks += g.count;
      fn ??= frames.find((f) => !ALLOCATOR.test(f.function))?.function;
    }
    // 2. The matcher's engine on the same cycle, native metric only.
    const options = core.resolveLeakOptions({ metrics: ['native'] }, { matcher: 'toNotLeak' });
    const verdict = await core.detectLeak(c.call, options);
    const metric = verdict.metrics.find((m) => m.metric === 'native');
    const top = verdict.nativeDiagnosis?.stacks?.[0];
    out.push({
      id: c.id,
      site: c.site,
      calls: n,
      window: { bytes, blocks, function: fn },
      verdict: {
        pass: verdict.pass,
        outcome: metric?.outcome,
        slopePerIteration: metric?.slopePerIteration,
        growthPerIteration: metric?.growthPerIteration,
        diagnosisBytesPerIteration: top?.bytesPerIteration,
        diagnosisKind: top?.kind,
        diagnosisFunction: top?.frames?.[0]?.function,
        diagnosisFrames: top?.frames?.slice(0, 3).map((f) => f.function),
      },
    });
  }
  console.log(JSON.stringify(out));
}

if (process.argv[1] === import.meta.filename) {
  const [mode = 'plain', count = '42'] = process.argv.slice(2);
  const n = Number(count);
  if (mode === 'plain') {
    for (const c of nativeCases) await callN(c, n);
    console.log(`native-calls plain: ${nativeCases.length} cases x ${n} calls`);
  } else {
    await leakproofMode(n);
  }
}
