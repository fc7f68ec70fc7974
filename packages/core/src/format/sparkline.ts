const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** A compact one-line plot of a series, downsampled (bucket means) to at most `width` characters. */
export function sparkline(values: readonly number[], width = 48): string {
  if (values.length === 0) return '';
  const buckets = Math.min(width, values.length);
  const points: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * values.length) / buckets);
    const to = Math.max(from + 1, Math.floor(((b + 1) * values.length) / buckets));
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i] as number;
    points.push(sum / (to - from));
  }
  const min = Math.min(...points);
  const max = Math.max(...points);
  if (max === min) return (BARS[0] as string).repeat(points.length);
  return points.map((p) => BARS[Math.min(BARS.length - 1, Math.floor(((p - min) / (max - min)) * BARS.length))]).join('');
}

/**
 * Sparkline of samples taken at uneven x positions (e.g. calls of fn when the batch size doubles): the value shown
 * in each column is the last sample at or before that column's x, so a steady leak reads as a straight ramp.
 */
export function sparklineOverX(xs: readonly number[], values: readonly number[], width = 48): string {
  const first = xs[0];
  const last = xs.at(-1);
  if (first === undefined || last === undefined || last === first) return sparkline(values, width);
  const columns: number[] = [];
  let index = 0;
  for (let c = 0; c < width; c++) {
    const x = first + ((last - first) * c) / (width - 1);
    while (index + 1 < xs.length && (xs[index + 1] as number) <= x) index++;
    columns.push(values[index] as number);
  }
  return sparkline(columns, width);
}
