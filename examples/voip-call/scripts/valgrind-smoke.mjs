// Exercises the voip addon without leakproof (dial, frames on the libuv threadpool, hangup, busy calls, a handle
// dropped without endCall) for scripts/valgrind.sh. VOIP_DEFECTS=codec plants the one malloc-family leak valgrind
// can see (the pool defect loses a slot of a slab, which valgrind cannot tell from a used one).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const addon = require('../addon/index.cjs').load();
const planted = (process.env.VOIP_DEFECTS ?? '').split(',');
addon.setDefects({ pool: planted.includes('pool'), codec: planted.includes('codec') });

for (let i = 0; i < 20; i++) {
  const call = addon.startCall(`+1 555 ${i}`);
  await call.processFrames(30);
  call.endCall();
  try {
    addon.startCall('+1 555 BUSY');
  } catch (error) {
    if (error.code !== 'CALL_BUSY') throw error;
  }
}
addon.startCall('+1 555 dropped'); // never ended: the GC finalizer hangs up
globalThis.gc?.();
await new Promise((resolve) => setImmediate(resolve));
console.log('valgrind-smoke ok', JSON.stringify(addon.stats()));
