export { REPORT_SCHEMA_VERSION, DEFAULT_REPORT_FILE, type LeakproofReport, type ReportEnvironment, type ReportMeasurement, type ReportTest, type ReportTestStatus } from './schema.js';
export type { HandlesEvidence, HandleGroupEvidence, LeakMetricEvidence, PeakMetricEvidence, PhaseSeries, MeasurementVerdict } from './measurement-evidence.js';
export { reportEnvironment, type RunnerIdentity } from './environment.js';
export { reportMeasurement, summariesFrom } from './measurement.js';
export { writeReport, reportFilePath } from './write.js';
export { readReport, checkReport, ReportInputError, type ReadReportOptions } from './read.js';
export { LEAKPROOF_VERSION } from './version.js';
