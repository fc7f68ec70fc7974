import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LeakproofReport } from './schema.js';

/** Writes the report atomically (temp file + rename), creating the directory. */
export function writeReport(file: string, report: LeakproofReport): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(report, null, 2)}\n`);
  renameSync(temp, file);
}

/** A test file path relative to the runner's root, '/'-separated, so shards and machines agree. */
export function reportFilePath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}
