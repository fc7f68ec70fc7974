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
