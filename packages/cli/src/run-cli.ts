import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readReport, ReportInputError, writeReport, type LeakproofReport } from '@leakproof/core/report';
import { compareReports, COMPARE_DEFAULTS, type CompareOptions } from './compare.js';
import { formatComparisonMarkdown, formatComparisonTable } from './format-comparison.js';
import { renderHtmlReport } from './html/report-html.js';
import { mergeReports } from './merge.js';

export const USAGE = `Usage:
  leakproof compare <base.json> <head.json> [--threshold 10%] [--min-bytes 1024] [--noisy-min-bytes 1048576] [--markdown]
      Compares two leakproof-report.json files. Exit 1 on a regression: a measurement or leak metric newly failing,
      or a peak grown more than the threshold and more than its noise floor (--min-bytes for the exact external and
      native peaks, --noisy-min-bytes for heap, total and rss, which move with GC timing); 0 otherwise.
  leakproof merge <out.json> <in.json...>
      Combines the reports of sharded runs (vitest --shard, jest --shard).
  leakproof report --html <out.html> <report.json> [--base <base.json>] [--threshold 10%]
      Writes one self-contained HTML file with the plots (and ranked regressions against --base).
Exit codes: 0 ok, 1 regressions (compare), 2 bad input or usage.`;

/** Where the CLI writes; a test passes its own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/** A usage mistake: the message says what was wrong and the accepted form. */
export class UsageError extends Error {}

interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['--threshold', '--min-bytes', '--noisy-min-bytes', '--html', '--base']);
const BOOLEAN_FLAGS = new Set(['--markdown', '--help']);

function parseArgs(args: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (BOOLEAN_FLAGS.has(name)) flags.set(name, true);
    else if (VALUE_FLAGS.has(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      flags.set(name, value);
    } else throw new UsageError(`unknown option '${name}'`);
  }
  return { positional, flags };
}

function parseThreshold(value: string | true | undefined): number {
  if (value === undefined) return COMPARE_DEFAULTS.threshold;
  const match = typeof value === 'string' ? /^(\d+(?:\.\d+)?)%?$/.exec(value.trim()) : null;
  if (!match) throw new UsageError(`--threshold: '${String(value)}' is not a percentage; use e.g. --threshold 10%`);
  return Number(match[1]) / 100;
}

function parseBytesFlag(name: string, value: string | true | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`${name}: '${String(value)}' is not a whole number of bytes; use e.g. ${name} ${fallback}`);
  return Number(value);
}

function compareOptions(flags: ParsedArgs['flags']): CompareOptions {
  return {
    threshold: parseThreshold(flags.get('--threshold')),
    minBytes: parseBytesFlag('--min-bytes', flags.get('--min-bytes'), COMPARE_DEFAULTS.minBytes),
    noisyMinBytes: parseBytesFlag('--noisy-min-bytes', flags.get('--noisy-min-bytes'), COMPARE_DEFAULTS.noisyMinBytes),
  };
}

function expectArgs(positional: string[], count: number, usage: string, atLeast = false): void {
  if (atLeast ? positional.length < count : positional.length !== count) throw new UsageError(`expected ${usage}`);
}

function compare(args: ParsedArgs, io: CliIo): number {
  expectArgs(args.positional, 2, '<base.json> <head.json>');
  const [baseFile, headFile] = args.positional as [string, string];
  const options = compareOptions(args.flags);
  const comparison = compareReports(readReport(baseFile), readReport(headFile), options);
  io.out(args.flags.has('--markdown') ? formatComparisonMarkdown(comparison) : formatComparisonTable(comparison));
  return comparison.regressions.length > 0 ? 1 : 0;
}

function merge(args: ParsedArgs, io: CliIo): number {
  expectArgs(args.positional, 2, '<out.json> <in.json...>', true);
  const [out, ...inputs] = args.positional as [string, ...string[]];
  const reports = inputs.map((file) => ({ file, report: readReport(file, { allowEmpty: true }) }));
  const versions = new Set(reports.map(({ report }) => report.schemaVersion));
  if (versions.size > 1) throw new UsageError(`cannot merge reports of different schema versions: ${reports.map(({ file, report }) => `${file} (${report.schemaVersion})`).join(', ')}`);
  const { report, duplicates } = mergeReports(reports);
  if (report.tests.length === 0) throw new ReportInputError(inputs.join(', '), 'the reports are empty: no measured tests to merge');
  for (const duplicate of duplicates) io.err(`leakproof merge: duplicate test kept once: ${duplicate}`);
  writeReport(out, report);
  io.out(`merged ${inputs.length} reports (${report.tests.length} tests${duplicates.length ? `, ${duplicates.length} duplicate${duplicates.length === 1 ? '' : 's'} dropped` : ''}) into ${out}`);
  return 0;
}

function report(args: ParsedArgs, io: CliIo): number {
  const out = args.flags.get('--html');
  if (typeof out !== 'string') throw new UsageError('report needs --html <out.html>');
  expectArgs(args.positional, 1, '<report.json>');
  const reportFile = args.positional[0] as string;
  const head: LeakproofReport = readReport(reportFile);
  const baseFile = args.flags.get('--base');
  const base = typeof baseFile === 'string' ? { report: readReport(baseFile), name: path.basename(baseFile) } : undefined;
  writeFileSync(out, renderHtmlReport({ report: head, reportName: path.basename(reportFile), base, compareOptions: compareOptions(args.flags) }));
  io.out(`wrote ${out} (${head.tests.length} tests${base ? `, compared with ${baseFile}` : ''})`);
  return 0;
}

const COMMANDS: Record<string, (args: ParsedArgs, io: CliIo) => number> = { compare, merge, report };

/** Runs one CLI invocation; returns the exit code (0 ok, 1 regressions, 2 bad input or usage). */
export function runCli(argv: string[], io: CliIo = processIo): number {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})`);
    return run(parseArgs(rest), io);
  } catch (error) {
    if (error instanceof ReportInputError) {
      io.err(`leakproof ${command}: ${error.message}`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(`leakproof ${command}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
