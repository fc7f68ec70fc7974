import { formatTableBytes } from '../format-bytes.js';
import { axes, colorOf, HEIGHT, legend, round, scale, WIDTH } from './charts.js';
import { escapeHtml } from './escape.js';

/** A memory monitor's timeline as the report holds it: NaN samples (gaps) arrive as null after JSON. */
interface ReportTimeline {
  timesMs: number[];
  series: Array<{ name: string; values: Array<number | null> }>;
}

const isNumberArray = (value: unknown): value is number[] => Array.isArray(value) && value.every((item) => typeof item === 'number');
const isSampleArray = (value: unknown): value is Array<number | null> => Array.isArray(value) && value.every((item) => item === null || typeof item === 'number');

/** The report's `timeline` ({ intervalMs, timesMs, series }) when it has that shape, else undefined (shown as JSON only). */
export function readTimeline(value: unknown): ReportTimeline | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { timesMs, series } = value as { timesMs?: unknown; series?: unknown };
  if (!isNumberArray(timesMs) || timesMs.length === 0 || series === null || typeof series !== 'object') return undefined;
  const lines = Object.entries(series as Record<string, unknown>).filter((entry): entry is [string, Array<number | null>] => isSampleArray(entry[1]));
  return { timesMs, series: lines.map(([name, values]) => ({ name, values })) };
}

const isSample = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * A memory monitor's samples over time (s): one line per series (heap, external, native, rss), bytes as sampled
 * (no forced GC). A missing sample (the native tracker belonged to another measurement) breaks its line: a gap.
 */
export function timelineChart(timeline: ReportTimeline): string {
  const startMs = timeline.timesMs[0] ?? 0;
  const seconds = timeline.timesMs.map((ms) => (ms - startMs) / 1000);
  const samples = timeline.series.flatMap((line) => line.values.filter(isSample));
  const yMin = Math.min(0, ...samples);
  const yMax = Math.max(0, ...samples);
  const xMax = Math.max(0, ...seconds);
  const s = scale(xMax, yMin, yMax);
  const paths = timeline.series
    .map((line) => {
      let drawn = 0;
      let penDown = false;
      const commands: string[] = [];
      line.values.forEach((value, index) => {
        const time = seconds[index];
        if (!isSample(value) || time === undefined) {
          penDown = false;
          return;
        }
        commands.push(`${penDown ? 'L' : 'M'}${round(s.x(time))},${round(s.y(value))}`);
        penDown = true;
        drawn += 1;
      });
      return `<path class="line" data-metric="${escapeHtml(line.name)}" data-points="${drawn}" fill="none" stroke="${colorOf(line.name)}" stroke-width="1.5" d="${commands.join(' ')}"><title>${escapeHtml(`${line.name}: ${drawn} samples`)}</title></path>`;
    })
    .join('');
  return (
    `<svg class="chart" data-chart="timeline" data-series="${timeline.series.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">` +
    `<title>memory monitor timeline: ${escapeHtml(timeline.series.map((line) => line.name).join(', '))}</title>` +
    axes('time since the monitor started (s)', xMax, yMin, yMax, (value) => formatTableBytes(value)) +
    paths +
    legend(timeline.series.map((line) => line.name)) +
    `</svg>`
  );
}
