export { runCli, USAGE, UsageError, type CliIo } from './run-cli.js';
export { compareReports, formatRatio, COMPARE_DEFAULTS, type Comparison, type ComparisonRow, type CompareOptions, type RowStatus } from './compare.js';
export { formatComparisonTable, formatComparisonMarkdown, orderedRows, comparisonCells } from './format-comparison.js';
export { mergeReports, type MergeResult, type NamedReport } from './merge.js';
export { renderHtmlReport, type HtmlReportInput } from './html/report-html.js';
export { escapeHtml } from './html/escape.js';
