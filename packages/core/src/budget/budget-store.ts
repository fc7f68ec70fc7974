import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BudgetFileError, displayPath, emptyBudgetFile, parseBudgetFile, serializeBudgetFile, type BudgetFileContent } from './budget-file.js';

/** Directory beside a test file holding its budget file, like `__snapshots__`. */
export const BUDGET_DIR = '__memory__';

/** `src/foo.test.ts` -> `src/__memory__/foo.test.ts.json`. */
export function budgetFileFor(testPath: string): string {
  return join(dirname(testPath), BUDGET_DIR, `${basename(testPath)}.json`);
}

/** The budget file's content, or an empty file when there is none yet. A corrupt file throws BudgetFileError. */
export function readBudgetFile(file: string): BudgetFileContent {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyBudgetFile();
    throw new BudgetFileError(file, `cannot be read: ${(error as Error).message}`);
  }
  return parseBudgetFile(text, file);
}

export interface LockOptions {
  /** Give up waiting for another writer after this long. */
  timeoutMs?: number;
  /** A lock older than this whose owner cannot be checked is taken over. */
  staleMs?: number;
}

/**
 * Changes a budget file so that concurrent writers (workers, shards, projects running the same file) never lose
 * each other's entries: take `<file>.lock` (created exclusively), re-read the file, apply `change`, write a
 * temporary file beside it and rename it over the original (atomic on one file system), release the lock.
 * A corrupt file throws before anything is written.
 */
export async function updateBudgetFile(
  file: string,
  change: (content: BudgetFileContent) => void,
  options: LockOptions = {},
): Promise<BudgetFileContent> {
  mkdirSync(dirname(file), { recursive: true });
  return withFileLock(`${file}.lock`, options, () => {
    const content = readBudgetFile(file);
    change(content);
    writeAtomically(file, serializeBudgetFile(content));
    return content;
  });
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const handle = openSync(temporary, 'wx');
  try {
    writeSync(handle, text);
  } finally {
    closeSync(handle);
  }
  try {
    renameSync(temporary, file);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

async function withFileLock<T>(lock: string, options: LockOptions, body: () => T): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const staleMs = options.staleMs ?? 30_000;
  const started = Date.now();
  let wait = 5;
  for (;;) {
    if (tryLock(lock)) break;
    if (takeOverStale(lock, staleMs)) continue;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `leakproof: could not lock ${displayPath(lock)} within ${Math.round(timeoutMs / 1000)} s: another test process holds it (${describeOwner(lock)}). If no test run is active, delete the lock file.`,
      );
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 100);
  }
  try {
    return body();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // already gone: a stale-lock takeover by another process; nothing to release
    }
  }
}

function tryLock(lock: string): boolean {
  try {
    const handle = openSync(lock, 'wx');
    try {
      writeSync(handle, `${process.pid} ${hostname()} ${Date.now()}\n`);
    } finally {
      closeSync(handle);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

function readOwner(lock: string): { text: string; owner: LockOwner | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, host, since] = text.trim().split(' ');
  const owner = pid && host && since ? { pid: Number(pid), host, since: Number(since) } : undefined;
  return { text, owner };
}

/** A lock left by a process that died (same host, pid gone) or older than `staleMs` is removed. */
function takeOverStale(lock: string, staleMs: number): boolean {
  const seen = readOwner(lock);
  if (!seen) return false;
  const { owner } = seen;
  // An empty or half-written lock is being created right now: wait for it, unless it stays that way.
  const age = owner ? Date.now() - owner.since : Number.POSITIVE_INFINITY;
  const dead = owner !== undefined && owner.host === hostname() && !processAlive(owner.pid);
  if (!dead && age < staleMs) return false;
  if (!owner && !olderThan(lock, staleMs)) return false;
  // Remove it only if it is still the lock we judged (another process may have replaced it meanwhile).
  if (readOwner(lock)?.text !== seen.text) return false;
  try {
    unlinkSync(lock);
  } catch {
    // someone else removed it first
  }
  return true;
}

function olderThan(file: string, ms: number): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > ms;
  } catch {
    return false;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describeOwner(lock: string): string {
  const owner = readOwner(lock)?.owner;
  return owner ? `pid ${owner.pid} on ${owner.host} since ${new Date(owner.since).toISOString()}` : 'owner unknown';
}
