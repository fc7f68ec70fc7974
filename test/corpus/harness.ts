// Turns corpus cases into tests: a leak case must fail toNotLeak with a LEAK verdict, a clean case must pass.
// Each verdict is also written as one JSON line to $LEAKPROOF_CORPUS_OUT/<pid>-<kind>.jsonl for run.mjs.
// Globals only (describe/test/expect): no import from 'vitest' or '@jest/globals', so Vitest 4/5 and Jest run it.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cases, type IndexedCase } from './cases/index';

export type Verdict = 'pass' | 'leak' | 'inconclusive' | 'error';

export interface CaseRecord {
  id: string;
  kind: 'leak' | 'clean';
  verdict: Verdict;
  ok: boolean;
  /** Metrics that reported LEAK or INCONCLUSIVE. */
  metrics: string[];
  durationMs: number;
  fullGcs?: number;
  message?: string;
}

const outDir = process.env.LEAKPROOF_CORPUS_OUT;
const filters = (process.env.LEAKPROOF_CORPUS_FILTER ?? '').split(',').filter(Boolean);
const noDiagnosis = process.env.LEAKPROOF_CORPUS_DIAGNOSE === '0';

function record(entry: CaseRecord): void {
  if (!outDir) return;
  mkdirSync(outDir, { recursive: true });
  appendFileSync(join(outDir, `${process.pid}-${entry.kind}.jsonl`), `${JSON.stringify(entry)}\n`);
}

function classify(message: string): { verdict: Verdict; metrics: string[] } {
  const metrics = [...message.matchAll(/^\s*(heap|external|native|rss)\s+(LEAK|INCONCLUSIVE)\b/gm)].map((m) => `${m[1]}:${m[2]}`);
  if (metrics.some((m) => m.endsWith(':LEAK'))) return { verdict: 'leak', metrics };
  if (metrics.length > 0 || /INCONCLUSIVE/.test(message)) return { verdict: 'inconclusive', metrics };
  return { verdict: 'error', metrics };
}

export async function runCase(c: IndexedCase): Promise<void> {
  const options = { ...c.options, ...(noDiagnosis ? { diagnose: false } : {}) };
  const started = Date.now();
  let message: string | undefined;
  try {
    await expect(c.cycle).toNotLeak(options);
  } catch (error) {
    // eslint-disable-next-line no-control-regex
    message = (error instanceof Error ? error.message : String(error)).replace(/\u001b\[[0-9;]*m/g, '');
  }
  const durationMs = Date.now() - started;
  const { verdict, metrics } = message === undefined ? { verdict: 'pass' as const, metrics: [] } : classify(message);
  const ok = c.kind === 'leak' ? verdict === 'leak' : verdict === 'pass';
  const gcs = message?.match(/cost: ([\d,]+) full GCs/)?.[1];
  record({
    id: c.id,
    kind: c.kind,
    verdict,
    ok,
    metrics,
    durationMs,
    ...(gcs ? { fullGcs: Number(gcs.replace(/,/g, '')) } : {}),
    ...(message !== undefined ? { message: message.slice(0, 6000) } : {}),
  });
  if (c.kind === 'leak' && verdict !== 'leak') {
    throw new Error(`MISSED LEAK: ${c.id} (${c.description}) — verdict ${verdict}${message ? `\n${message}` : ''}`);
  }
  if (c.kind === 'clean' && verdict !== 'pass') {
    throw new Error(`FALSE POSITIVE: ${c.id} (${c.description}) — verdict ${verdict}${c.knownIssue ? `\nknown issue: ${c.knownIssue}` : ''}\n${message}`);
  }
}

/** Registers one test per case of `kind` (optionally filtered by LEAKPROOF_CORPUS_FILTER substrings). */
export function defineCorpus(kind: 'leak' | 'clean'): void {
  const selected = cases.filter((c) => c.kind === kind && (filters.length === 0 || filters.some((f) => c.id.includes(f))));
  describe(`${kind} corpus`, () => {
    for (const c of selected) {
      const reason = c.unavailable?.();
      const name = `${c.id}: ${c.description}`;
      if (reason) {
        test.skip(`${name} [skipped: ${reason}]`, () => {});
        record({ id: c.id, kind: c.kind, verdict: 'pass', ok: true, metrics: [], durationMs: 0, message: `skipped: ${reason}` });
        continue;
      }
      test(name, () => runCase(c), c.timeout ?? 30_000);
    }
  });
}
