import { describe, expect, test } from 'vitest';
import { detectLeak } from '../src/leak-detector.js';
import { resolveLeakOptions } from '../src/options.js';
import { formatLeakMessage } from '../src/format/leak-message.js';
import { completeUtils } from '../src/format/matcher-utils.js';
import { RECHECK_FIRST_CALLS, RECHECK_MAX_CALLS, recheckCalls } from '../src/settled-recheck.js';

/**
 * A debounced batch flush: every call queues ~140 B that a timer drops 100 ms after the last call. While calls keep
 * coming the batch only grows; once the process idles it drains, giving back far more than a small leak next to
 * it added. `leak` also keeps one `{ foo: 'bar' }` per call (the old `leakage` package's ~30 B case).
 */
function batchingCycle(leak: boolean): () => void {
  const kept: object[] = [];
  let batch: number[][] = [];
  const flush = setTimeout(() => {
    batch = [];
  }, 100).unref();
  return () => {
    if (leak) kept.push({ foo: 'bar' });
    batch.push(new Array(24).fill(batch.length));
    flush.refresh();
  };
}

const options = resolveLeakOptions({ metrics: ['heap'] }, { matcher: 'toNotLeak' });

describe('settled re-check', () => {
  // Before it, the idle check alone passed such a leak: the drained batch gave back more than the phases grew
  // (the corpus case leak/buffer-small-pooled passed 2 of 15 times under load this way).
  test('a ~30 B-per-call leak next to a backlog that drains while idle fails, with both in the message', async () => {
    const verdict = await detectLeak(batchingCycle(true), options);
    const heap = verdict.metrics[0];
    const message = formatLeakMessage(verdict, completeUtils(undefined), 'expect(fn).toNotLeak()');
    expect(verdict.pass, message).toBe(false);
    expect(heap?.outcome).toBe('leak');
    expect(heap?.idle?.released, message).toBe(true);
    expect(heap?.recheck?.calls).toBe(RECHECK_MAX_CALLS);
    expect(heap?.recheck?.kept).toBe(true);
    expect(heap?.recheck?.keptPerCall).toBeGreaterThan(16);
    expect(message).toMatch(/then gave back [\d.]+ kB after \d+ ms idle \(something else drained\), yet kept \+[\d.]+ B per iteration over 4,096 more iterations between two settled samples/);
    expect(message).toMatch(/settled re-check: \+[\d.]+ B per iteration over 4,096 more iterations \([\d.]+ MB -> [\d.]+ MB, each sample taken once idle released nothing; /);
  }, 60_000);

  test('the same backlog without the leak passes: released while idle, nothing kept between settled samples', async () => {
    const verdict = await detectLeak(batchingCycle(false), options);
    const heap = verdict.metrics[0];
    const message = formatLeakMessage(verdict, completeUtils(undefined), 'expect(fn).toNotLeak()');
    expect(verdict.pass, message).toBe(true);
    expect(heap?.recheck?.kept, message).toBe(false);
    expect(Math.abs(heap?.recheck?.keptPerCall ?? Number.NaN)).toBeLessThan(16);
    expect(heap?.reason).toMatch(/then gave back [\d.]+ kB after \d+ ms idle, and kept [-+][\d.]+ B per iteration over 4,096 more iterations between two settled samples: memory held for a while/);
  }, 60_000);

  test('a large leak is conclusive after the first 512 calls: the re-check stops there', async () => {
    const kept: number[][] = [];
    const verdict = await detectLeak(() => {
      kept.push(new Array(256).fill(kept.length));
    }, options);
    const heap = verdict.metrics[0];
    expect(heap?.outcome).toBe('leak');
    expect(heap?.recheck).toMatchObject({ calls: RECHECK_FIRST_CALLS, kept: true, conclusive: true });
    expect(heap?.recheck?.keptPerCall).toBeGreaterThan(1000);
  }, 60_000);

  test('re-check length: the threshold must stand out of the settled noise, within the time left', () => {
    expect(recheckCalls(16, Number.POSITIVE_INFINITY)).toBe(4096);
    expect(recheckCalls(1024, Number.POSITIVE_INFINITY)).toBe(256);
    expect(recheckCalls(64, 1000)).toBe(1000);
    expect(recheckCalls(16, -5)).toBe(256);
  });
});
