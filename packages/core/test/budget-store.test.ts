import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { endBudgetSession } from '../src/budget/session.js';
import { applyBudget, BudgetFileError, budgetFileFor, readBudgetFile, serializeBudgetFile, updateBudgetFile } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The built package (pnpm build): the writer processes are plain Node, no TypeScript loader. */
const coreDist = pathToFileURL(join(here, '..', 'dist', 'index.js')).href;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakproof-store-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One real process writing `keys` entries one by one, starting at `startAt` (ms epoch) so all writers collide. */
function writer(file: string, name: string, keys: number, startAt: number): Promise<{ code: number | null; stderr: string }> {
  const script = `
    const { updateBudgetFile } = await import(${JSON.stringify(coreDist)});
    while (Date.now() < ${startAt}) {}
    for (let i = 0; i < ${keys}; i++) {
      await updateBudgetFile(${JSON.stringify(file)}, (content) => {
        content.budgets[${JSON.stringify(name)} + ' ' + i] = { matcher: 'toStayUnder', metrics: { nativePeak: i } };
      });
    }`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('budget store', () => {
  test('6 processes writing 25 keys each into one file at the same moment lose no entry', async () => {
    const dir = tempDir();
    const file = budgetFileFor(join(dir, 'calls.test.ts'));
    const writers = 6;
    const keys = 25;
    const startAt = Date.now() + 1500;
    const results = await Promise.all(Array.from({ length: writers }, (_, w) => writer(file, `worker ${w}`, keys, startAt)));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    const content = readBudgetFile(file);
    expect(Object.keys(content.budgets)).toHaveLength(writers * keys);
    for (let w = 0; w < writers; w++) for (let i = 0; i < keys; i++) expect(content.budgets[`worker ${w} ${i}`]?.metrics.nativePeak).toBe(i);
    expect(readdirSync(dirname(file)), 'no lock or temporary file left behind').toEqual(['calls.test.ts.json']);
    expect(readFileSync(file, 'utf8')).toBe(serializeBudgetFile(content));
  }, 120_000);

  test('a corrupt file is never overwritten by an update', async () => {
    const dir = tempDir();
    const file = budgetFileFor(join(dir, 'a.test.ts'));
    await updateBudgetFile(file, (content) => {
      content.budgets.first = { matcher: 'toStayUnder', metrics: { nativePeak: 1 } };
    });
    const corrupt = readFileSync(file, 'utf8').replace('"matcher": "toStayUnder",', '"matcher": "toStayUnder"');
    writeFileSync(file, corrupt);
    await expect(
      updateBudgetFile(file, (content) => {
        content.budgets.second = { matcher: 'toStayUnder', metrics: { nativePeak: 2 } };
      }),
    ).rejects.toThrow(BudgetFileError);
    expect(readFileSync(file, 'utf8')).toBe(corrupt);
    expect(existsSync(`${file}.lock`), 'the lock is released after the error').toBe(false);
  });

  test('a lock left by a dead process is taken over; a live one times out with a message naming the lock', async () => {
    const dir = tempDir();
    const file = budgetFileFor(join(dir, 'b.test.ts'));
    await updateBudgetFile(file, () => undefined);
    // pid 2^22+1 is above Linux's pid_max default range: no such process.
    writeFileSync(`${file}.lock`, `4194305 ${(await import('node:os')).hostname()} ${Date.now()}\n`);
    await updateBudgetFile(file, (content) => {
      content.budgets.after = { matcher: 'toStayUnder', metrics: { nativePeak: 3 } };
    });
    expect(readBudgetFile(file).budgets.after).toBeDefined();

    writeFileSync(`${file}.lock`, `${process.pid} ${(await import('node:os')).hostname()} ${Date.now()}\n`);
    await expect(updateBudgetFile(file, () => undefined, { timeoutMs: 200 })).rejects.toThrow(
      /could not lock .*__memory__\/b\.test\.ts\.json\.lock within 0 s: another test process holds it \(pid \d+ on .*\)\. If no test run is active, delete the lock file\./,
    );
    rmSync(`${file}.lock`);
  });
});

describe('applyBudget write rules', () => {
  /** One run of a test file with one budgeted assertion. */
  const check = async (dir: string, measured: Record<string, number>, updateMode: 'all' | 'new' | 'none') => {
    const testPath = join(dir, 'rules.test.ts');
    const outcome = await applyBudget({ matcher: 'toStayUnder', testPath, testName: 'calls > start', measured, tolerance: undefined, updateMode });
    endBudgetSession(budgetFileFor(testPath));
    return outcome;
  };

  test('written, within, exceeded, a new metric added, -u rewrites and drops metrics no longer measured, CI refuses', async () => {
    const dir = tempDir();
    const file = budgetFileFor(join(dir, 'rules.test.ts'));
    expect((await check(dir, { jsAllocated: 4_000_000 }, 'none')).status).toBe('missing-in-ci');
    expect(existsSync(file)).toBe(false);
    expect((await check(dir, { jsAllocated: 4_000_000 }, 'new')).status).toBe('written');
    expect((await check(dir, { jsAllocated: 4_100_000 }, 'new')).status).toBe('within');
    expect((await check(dir, { jsAllocated: 5_000_000 }, 'new')).status).toBe('exceeded');
    expect((await check(dir, { jsAllocated: 5_000_000 }, 'none')).status).toBe('exceeded');
    expect(readBudgetFile(file).budgets['calls > start']?.metrics).toEqual({ jsAllocated: 4_000_000 });
    expect((await check(dir, { jsAllocated: 4_100_000, externalPeak: 10_000 }, 'new')).status).toBe('written');
    expect(readBudgetFile(file).budgets['calls > start']?.metrics, 'the new metric is added, the old figure kept').toEqual({ jsAllocated: 4_000_000, externalPeak: 10_000 });
    expect((await check(dir, { jsAllocated: 5_000_000 }, 'all')).status).toBe('updated');
    expect(readBudgetFile(file).budgets['calls > start']?.metrics).toEqual({ jsAllocated: 5_000_000 });
    expect((await check(dir, { jsAllocated: 5_100_000 }, 'all')).status, '-u leaves figures within the tolerance alone').toBe('within');
    expect(readBudgetFile(file).budgets['calls > start']?.metrics).toEqual({ jsAllocated: 5_000_000 });
  });
});
