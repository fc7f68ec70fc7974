// Grows the JS heap with live ballast so a benchmark can measure at a given heap size (shared by the benches).
import { fullGc, readHeapUsedWithoutCode } from '@leakproof/core';

const ballast = [];

/** Adds live objects until the used heap (code excluded) reaches `bytes`, then runs a full GC. */
export function growHeapTo(bytes) {
  while (readHeapUsedWithoutCode() < bytes) {
    ballast.push(Array.from({ length: 1000 }, (_, i) => ({ i, text: `ballast ${i}` })));
    if (ballast.length % 50 === 0) fullGc();
  }
  fullGc();
}
