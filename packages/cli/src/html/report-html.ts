import type { LeakproofReport, ReportMeasurement, ReportTest } from '@leakproof/core/report';
import { compareReports, type CompareOptions, type ComparisonRow } from '../compare.js';
import { comparisonCells, orderedRows } from '../format-comparison.js';
import { overlayChart, peakChart, seriesChart } from './charts.js';
import { escapeHtml } from './escape.js';
import { readTimeline, timelineChart } from './timeline-chart.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
header,main{max-width:1180px;margin:0 auto;padding:16px 24px}
header{border-bottom:1px solid #e2e8f0;background:#fff;max-width:none}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:0 0 4px;word-break:break-word} h3{font-size:14px;margin:12px 0 4px}
.env,.file{color:#475569;font-size:12px} .test{background:#fff;border:1px solid #e2e8f0;border-radius:6px;padding:14px;margin:14px 0}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;margin-right:6px}
.pass{background:#dcfce7;color:#166534} .fail,.inconclusive{background:#fee2e2;color:#991b1b}
.charts{display:flex;flex-wrap:wrap;gap:12px} .chart{background:#fff;border:1px solid #f1f5f9}
.chart .axis{stroke:#94a3b8} .chart .fit{stroke:#0f172a;stroke-width:1.5;stroke-dasharray:5 3} .chart .limit{stroke:#0f172a;stroke-width:2}
.chart text{font-size:11px;fill:#475569} .chart .legend{font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px} th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums} tr.regressed td{background:#fef2f2} tr.improved td{background:#f0fdf4}
.headline{font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap;word-break:break-word}
`;

export interface HtmlReportInput {
  report: LeakproofReport;
  /** The report's file name, shown in the title. */
  reportName: string;
  /** A base report: adds the ranked regressions table. */
  base?: { report: LeakproofReport; name: string } | undefined;
  compareOptions?: CompareOptions | undefined;
}

/**
 * One self-contained HTML page (inline CSS and SVG, no script, no external resource): per test, each toNotLeak
 * metric's samples against cumulated calls with each phase's fitted slope, heap vs external vs native, toStayUnder
 * peaks against limits, memory monitor timelines over time, and with a base report the ranked regressions. Every string from a report is escaped.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { report } = input;
  const env = report.environment;
  const failing = report.tests.filter((test) => test.measurements.some((measurement) => measurement.verdict !== 'pass')).length;
  const envLine = [
    `${env.runner} ${env.runnerVersion}`,
    `pool ${env.pool}`,
    `Node ${env.node}`,
    `${env.platform}/${env.arch}`,
    env.cpu,
    `leakproof ${env.leakproofVersion}`,
    env.gitSha ? `commit ${env.gitSha.slice(0, 12)}` : undefined,
    report.mergedFrom ? `merged from ${report.mergedFrom} shards` : env.shard ? `shard ${env.shard}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>leakproof report: ${escapeHtml(input.reportName)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<header>',
    `<h1>leakproof memory report</h1>`,
    `<div class="env" data-role="environment">${escapeHtml(input.reportName)} · ${escapeHtml(report.createdAt)} · ${envLine.map(escapeHtml).join(' · ')}</div>`,
    `<div>${report.tests.length} measured test${report.tests.length === 1 ? '' : 's'}, ${failing} failing</div>`,
    '</header><main>',
    input.base ? regressionsSection(input.base, report, input.compareOptions) : '',
    ...report.tests.map(testSection),
    '</main></body></html>',
  ].join('\n');
}

function regressionsSection(base: { report: LeakproofReport; name: string }, head: LeakproofReport, options: CompareOptions | undefined): string {
  const comparison = compareReports(base.report, head, options);
  const rows = orderedRows(comparison).filter((row) => row.status !== 'unchanged');
  const body = rows
    .map((row: ComparisonRow, index) => {
      const cells = comparisonCells(row).map((cell, column) => `<td${column >= 3 && column <= 6 ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`);
      return `<tr class="${row.status}" data-status="${row.status}"><td class="num">${index + 1}</td>${cells.join('')}</tr>`;
    })
    .join('');
  return (
    `<section id="regressions"><h2>Compared with ${escapeHtml(base.name)}: ${comparison.regressions.length} regression${comparison.regressions.length === 1 ? '' : 's'}</h2>` +
    (rows.length === 0
      ? '<p>No measurement changed beyond the threshold.</p>'
      : `<table data-table="regressions"><thead><tr><th>#</th><th>test</th><th>matcher</th><th>metric</th><th>base</th><th>head</th><th>delta</th><th>%</th><th>status</th></tr></thead><tbody>${body}</tbody></table>`) +
    '</section>'
  );
}

function testSection(test: ReportTest): string {
  return (
    `<section class="test" data-test="${escapeHtml(test.fullName)}">` +
    `<h2>${escapeHtml(test.fullName)}</h2>` +
    `<div class="file">${escapeHtml(test.file)} · ${escapeHtml(test.status)} · ${escapeHtml(test.durationMs)} ms</div>` +
    test.measurements.map(measurementBlock).join('') +
    '</section>'
  );
}

function measurementBlock(measurement: ReportMeasurement): string {
  const charts: string[] = [];
  const metrics = measurement.metrics ?? [];
  for (const metric of metrics) if (metric.phases.some((phase) => phase.values.length > 0)) charts.push(seriesChart(metric));
  if (metrics.length > 1) charts.push(overlayChart(metrics));
  if (measurement.peaks && measurement.peaks.length > 0) charts.push(peakChart(measurement.peaks));
  const timeline = readTimeline(measurement.timeline);
  if (timeline) charts.push(timelineChart(timeline));
  const extras = (['handles', 'budget', 'timeline', 'allocationProfile'] as const)
    .filter((field) => measurement[field] !== undefined)
    .map((field) => `<details><summary>${field}</summary><pre class="headline">${escapeHtml(JSON.stringify(measurement[field], null, 2))}</pre></details>`)
    .join('');
  return (
    `<h3><span class="badge ${escapeHtml(measurement.verdict)}">${escapeHtml(measurement.verdict)}</span>${escapeHtml(measurement.matcher)} · ${escapeHtml(measurement.fullGcs)} full GCs · ${escapeHtml(measurement.durationMs)} ms</h3>` +
    `<div class="headline">${escapeHtml(measurement.headline)}</div>` +
    (measurement.detail ? `<div class="headline">${escapeHtml(measurement.detail)}</div>` : '') +
    (charts.length > 0 ? `<div class="charts">${charts.join('')}</div>` : '') +
    extras
  );
}
