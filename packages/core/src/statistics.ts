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

/** Largest single increase between consecutive samples (to tell steps from steady growth). */
export function largestStep(values: Float64Array, start: number, count: number): number {
  let largest = 0;
  for (let i = 1; i < count; i++) {
    const delta = (values[start + i] as number) - (values[start + i - 1] as number);
    if (delta > largest) largest = delta;
  }
  return largest;
}
