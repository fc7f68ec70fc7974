import type { LeakMetricEvidence, PeakMetricEvidence } from '@leakproof/core/report';
import { formatTableBytes } from '../format-bytes.js';
import { escapeHtml } from './escape.js';

export const WIDTH = 560;
export const HEIGHT = 220;
export const MARGIN = { left: 70, right: 16, top: 14, bottom: 34 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

export const METRIC_COLORS: Record<string, string> = { heap: '#2563eb', external: '#16a34a', native: '#dc2626', rss: '#9333ea', total: '#475569' };
export const colorOf = (metric: string): string => METRIC_COLORS[metric] ?? '#0f766e';

export interface Scale {
  x: (value: number) => number;
  y: (value: number) => number;
}

export function scale(xMax: number, yMin: number, yMax: number): Scale {
  const xSpan = xMax > 0 ? xMax : 1;
  const ySpan = yMax > yMin ? yMax - yMin : 1;
  return {
    x: (value) => MARGIN.left + (value / xSpan) * PLOT_W,
    y: (value) => MARGIN.top + PLOT_H - ((value - yMin) / ySpan) * PLOT_H,
  };
}

export function axes(xLabel: string, xMax: number, yMin: number, yMax: number, yFormat: (value: number) => string): string {
  const bottom = MARGIN.top + PLOT_H;
  return [
    `<line class="axis" x1="${MARGIN.left}" y1="${bottom}" x2="${MARGIN.left + PLOT_W}" y2="${bottom}"/>`,
    `<line class="axis" x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}"/>`,
    `<text class="tick" x="${MARGIN.left - 6}" y="${bottom}" text-anchor="end">${escapeHtml(yFormat(yMin))}</text>`,
    `<text class="tick" x="${MARGIN.left - 6}" y="${MARGIN.top + 10}" text-anchor="end">${escapeHtml(yFormat(yMax))}</text>`,
    `<text class="tick" x="${MARGIN.left}" y="${bottom + 14}">0</text>`,
    `<text class="tick" x="${MARGIN.left + PLOT_W}" y="${bottom + 14}" text-anchor="end">${escapeHtml(xMax.toLocaleString('en-US'))}</text>`,
    `<text class="label" x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 4}" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
  ].join('');
}

export const round = (value: number): string => value.toFixed(1);

/** One colored name per line of a multi-line chart, left to right along the top. */
export function legend(names: string[]): string {
  return names.map((name, index) => `<text class="legend" x="${MARGIN.left + 10 + index * 90}" y="${MARGIN.top + 12}" fill="${colorOf(name)}">${escapeHtml(name)}</text>`).join('');
}

/** Theil-Sen intercept for a given slope: the median of y - slope * x. */
function medianIntercept(values: number[], calls: number[], slope: number): number {
  const residuals = values.map((value, index) => value - slope * (calls[index] ?? 0)).sort((a, b) => a - b);
  const middle = Math.floor(residuals.length / 2);
  return residuals.length % 2 === 1 ? (residuals[middle] ?? 0) : ((residuals[middle - 1] ?? 0) + (residuals[middle] ?? 0)) / 2;
}

/** One metric of a toNotLeak measurement: each sample (memory after a full GC vs cumulated calls) and each phase's fitted slope. */
export function seriesChart(metric: LeakMetricEvidence): string {
  const points = metric.phases.flatMap((phase) => phase.values.map((value, index) => ({ value, calls: phase.calls[index] ?? 0 })));
  const values = points.map((point) => point.value);
  const yMin = Math.min(...values);
  const yMax = Math.max(...values);
  const xMax = Math.max(0, ...points.map((point) => point.calls));
  const s = scale(xMax, yMin, yMax);
  const color = colorOf(metric.name);
  const circles = points
    .map((point) => `<circle class="point" cx="${round(s.x(point.calls))}" cy="${round(s.y(point.value))}" r="2.5" fill="${color}"><title>${escapeHtml(`${point.calls} calls: ${formatTableBytes(point.value)}`)}</title></circle>`)
    .join('');
  const fits = metric.phases
    .filter((phase) => phase.values.length >= 2)
    .map((phase) => {
      const intercept = medianIntercept(phase.values, phase.calls, phase.slopePerCall);
      const x1 = phase.calls[0] ?? 0;
      const x2 = phase.calls.at(-1) ?? x1;
      const clamp = (value: number): number => Math.min(Math.max(value, yMin), yMax);
      return `<line class="fit" data-slope="${phase.slopePerCall}" x1="${round(s.x(x1))}" y1="${round(s.y(clamp(intercept + phase.slopePerCall * x1)))}" x2="${round(s.x(x2))}" y2="${round(s.y(clamp(intercept + phase.slopePerCall * x2)))}"><title>${escapeHtml(`batch ${phase.batch}: ${phase.slopePerCall} B per call (${phase.state})`)}</title></line>`;
    })
    .join('');
  return (
    `<svg class="chart" data-chart="series" data-metric="${escapeHtml(metric.name)}" data-points="${points.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">` +
    `<title>${escapeHtml(`${metric.name}: ${metric.growthPerIteration} B per iteration (${metric.status})`)}</title>` +
    axes('measured calls of fn (cumulated)', xMax, yMin, yMax, (value) => (value === yMin ? formatTableBytes(value) : `+${formatTableBytes(value - yMin)}`)) +
    `<text class="legend" x="${MARGIN.left + 8}" y="${MARGIN.top + 10}" fill="${color}">${escapeHtml(`${metric.name} · ${metric.growthPerIteration} B/iteration · ${metric.status}`)}</text>` +
    fits +
    circles +
    `</svg>`
  );
}

/** heap vs external vs native of one toNotLeak measurement: each metric's growth since its first sample. */
export function overlayChart(metrics: LeakMetricEvidence[]): string {
  const lines = metrics.map((metric) => {
    const points = metric.phases.flatMap((phase) => phase.values.map((value, index) => ({ value, calls: phase.calls[index] ?? 0 })));
    const first = points[0]?.value ?? 0;
    return { name: metric.name, points: points.map((point) => ({ calls: point.calls, growth: point.value - first })) };
  });
  const all = lines.flatMap((line) => line.points);
  const yMin = Math.min(0, ...all.map((point) => point.growth));
  const yMax = Math.max(0, ...all.map((point) => point.growth));
  const xMax = Math.max(0, ...all.map((point) => point.calls));
  const s = scale(xMax, yMin, yMax);
  const paths = lines
    .map(
      (line) =>
        `<polyline class="line" data-metric="${escapeHtml(line.name)}" data-points="${line.points.length}" fill="none" stroke="${colorOf(line.name)}" stroke-width="1.5" points="${line.points.map((point) => `${round(s.x(point.calls))},${round(s.y(point.growth))}`).join(' ')}"/>`,
    )
    .join('');
  return (
    `<svg class="chart" data-chart="overlay" data-points="${all.length}" data-series="${lines.length}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img">` +
    `<title>growth since the first sample: ${escapeHtml(lines.map((line) => line.name).join(' vs '))}</title>` +
    axes('measured calls of fn (cumulated)', xMax, yMin, yMax, (value) => formatTableBytes(value, true)) +
    paths +
    legend(lines.map((line) => line.name)) +
    `</svg>`
  );
}

/** toStayUnder: each metric's peak above the baseline as a bar, its limit as a mark. */
export function peakChart(peaks: PeakMetricEvidence[]): string {
  const rowHeight = 26;
  const height = MARGIN.top + peaks.length * rowHeight + 20;
  const max = Math.max(1, ...peaks.map((peak) => Math.max(peak.peak, peak.limit ?? 0)));
  const x = (value: number): number => MARGIN.left + (Math.max(0, value) / max) * PLOT_W;
  const bars = peaks
    .map((peak, index) => {
      const y = MARGIN.top + index * rowHeight;
      const limit =
        peak.limit === undefined ? '' : `<line class="limit" x1="${round(x(peak.limit))}" y1="${y - 2}" x2="${round(x(peak.limit))}" y2="${y + 18}"><title>${escapeHtml(`limit ${formatTableBytes(peak.limit)}`)}</title></line>`;
      return (
        `<text class="tick" x="${MARGIN.left - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(peak.name)}</text>` +
        `<rect class="bar${peak.exceeded ? ' exceeded' : ''}" data-metric="${escapeHtml(peak.name)}" x="${MARGIN.left}" y="${y}" width="${round(x(peak.peak) - MARGIN.left)}" height="16" fill="${peak.exceeded ? '#dc2626' : colorOf(peak.name)}"><title>${escapeHtml(`${peak.name} peak ${formatTableBytes(peak.peak)} (${peak.source})`)}</title></rect>` +
        `<text class="tick" x="${round(x(peak.peak) + 4)}" y="${y + 13}">${escapeHtml(formatTableBytes(peak.peak))}</text>` +
        limit
      );
    })
    .join('');
  return `<svg class="chart" data-chart="peaks" data-points="${peaks.length}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img"><title>peaks above baseline</title>${bars}</svg>`;
}
