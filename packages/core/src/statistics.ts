/**
 * Robust statistics over a window of a sample series (`values[start .. start + count)`), sample index as x.
 * Allocation-light: one scratch buffer grows as needed and is reused.
 */

let scratch = new Float64Array(64 * 63 / 2);

/** Theil-Sen estimator: the median of the slopes of all sample pairs. Robust to isolated steps. */
export function theilSenSlope(values: Float64Array, start: number, count: number): number {
  const pairs = (count * (count - 1)) / 2;
  if (count < 2) return 0;
  if (scratch.length < pairs) scratch = new Float64Array(pairs);
  let k = 0;
  for (let i = 0; i < count; i++) {
    const vi = values[start + i] as number;
    for (let j = i + 1; j < count; j++) {
      scratch[k++] = ((values[start + j] as number) - vi) / (j - i);
    }
  }
  const sorted = scratch.subarray(0, pairs).sort();
  const mid = pairs >> 1;
  return pairs % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Share of consecutive deltas that are strictly positive (0..1). */
export function positiveDeltaShare(values: Float64Array, start: number, count: number): number {
  if (count < 2) return 0;
  let positive = 0;
  for (let i = 1; i < count; i++) {
    if ((values[start + i] as number) > (values[start + i - 1] as number)) positive++;
  }
  return positive / (count - 1);
}

/** Last minus first sample of the window. */
export function netGrowth(values: Float64Array, start: number, count: number): number {
  if (count < 2) return 0;
  return (values[start + count - 1] as number) - (values[start] as number);
}

/**
 * Growth per sample between the ends of the window, each end taken as the median of its three samples, so one
 * transient spike (an object that survives a single GC) at either end does not count as growth.
 * Windows shorter than 7 samples fall back to last minus first.
 */
export function robustGrowthPerSample(values: Float64Array, start: number, count: number): number {
  if (count < 7) return count < 2 ? 0 : netGrowth(values, start, count) / (count - 1);
  const head = median3(values[start] as number, values[start + 1] as number, values[start + 2] as number);
  const end = start + count - 1;
  const tail = median3(values[end - 2] as number, values[end - 1] as number, values[end] as number);
  return (tail - head) / (count - 3);
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/** Largest single increase between consecutive samples (to tell steps from steady growth). */
export function largestStep(values: Float64Array, start: number, count: number): number {
  return largestChange(values, start, count, 1).size;
}

/**
 * The largest change of one sign between consecutive samples (`direction` -1: a drop, +1: a rise): its size (bytes,
 * positive; 0 when none) and the index of the sample after it.
 */
export function largestChange(values: Float64Array, start: number, count: number, direction: 1 | -1): { size: number; at: number } {
  let size = 0;
  let at = 0;
  for (let i = 1; i < count; i++) {
    const change = direction * ((values[start + i] as number) - (values[start + i - 1] as number));
    if (change > size) {
      size = change;
      at = i;
    }
  }
  return { size, at };
}

/** Takes the step into sample `at` out of `values`, in place: the samples from `at` on move back by it. */
export function takeOutStep(values: Float64Array, at: number): void {
  if (at <= 0 || at >= values.length) return;
  const step = (values[at] as number) - (values[at - 1] as number);
  for (let i = at; i < values.length; i++) values[i] = (values[i] as number) - step;
}
