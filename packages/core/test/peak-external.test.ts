import { describe, expect, test } from 'vitest';
import { measurePeak } from '../src/peak.js';

const sink: unknown[] = [];

/** 16 MB of ArrayBuffers that die before the measurement: the collection at its baseline frees them. */
function leaveGarbageBuffers(): void {
  for (let i = 0; i < 2000; i++) sink[0] = new ArrayBuffer(8192);
}

async function externalPeakOf(fn: () => void): Promise<number> {
  const verdict = await measurePeak(fn, { limits: {}, unitFamily: 'si' });
  return verdict.results.find((result) => result.metric === 'external')?.peak ?? Number.NaN;
}

describe('measurePeak external', () => {
  // With a single gc() before the baseline, the freed buffers came off `external` during the run: this case read
  // 0 B in most runs (a budget written at 0 B then failed the next run at 10 kB).
  test('buffers freed by the baseline collection do not hide the run\'s own 10 kB', async () => {
    const peaks: number[] = [];
    for (let run = 0; run < 12; run++) {
      leaveGarbageBuffers();
      peaks.push(await externalPeakOf(() => {
        sink[1] = new Uint8Array(10_000);
      }));
    }
    for (const peak of peaks) expect(peak, `external peaks: ${peaks.join(', ')}`).toBeGreaterThanOrEqual(10_000);
    // Nothing else allocates ArrayBuffers during the later runs (the first pays one-off costs: +7.6 kB seen).
    for (const peak of peaks.slice(1)) expect(peak, `external peaks: ${peaks.join(', ')}`).toBeLessThan(10_000 + 4096);
  });

  test('a run that allocates no buffer peaks at 0 B external', async () => {
    leaveGarbageBuffers();
    expect(await externalPeakOf(() => {
      sink[2] = { rows: Array.from({ length: 100 }, (_, i) => i) };
    })).toBe(0);
  });
});
