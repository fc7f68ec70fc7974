/**
 * Budget metrics. `toStayUnder()` budgets one run: the peaks `toStayUnder(limit)` bounds and the JS bytes allocated;
 * `toNotLeak({ budget })` budgets what one warm call allocates, counted over BUDGET_CALLS calls.
 */
export const PEAK_BUDGET_METRICS = ['jsAllocated', 'heapPeak', 'externalPeak', 'nativePeak'] as const;
/**
 * Checked by default: the repeatable ones. Opt-in (`budget: { metrics: [...] }`): `heapPeak` depends on when V8
 * happens to scavenge during the run (the young generation's size adapts per process); `nativePeak` counts every
 * thread, and on Node 24 V8's helper threads allocate during a GC in the run (67 kB to 395 kB over 5 runs of the
 * same 2.4 MB build).
 */
export const DEFAULT_PEAK_BUDGET_METRICS: readonly BudgetMetric[] = ['jsAllocated', 'externalPeak'];
export const CALL_BUDGET_METRICS = ['jsAllocatedPerCall', 'nativeAllocatedPerCall', 'nativeBlocksPerCall'] as const;
/**
 * Checked by default: the native counters, exact (no spread over runs on the fixtures). JS bytes per call depend
 * on the JIT tier fn runs in (the same cycle measured 103 B per call in one process and 230 B in another), so
 * `jsAllocatedPerCall` is opt-in, and the default only when the native tracker is unavailable.
 */
export const DEFAULT_CALL_BUDGET_METRICS: readonly BudgetMetric[] = ['nativeAllocatedPerCall', 'nativeBlocksPerCall'];
export const BUDGET_METRICS = [...PEAK_BUDGET_METRICS, ...CALL_BUDGET_METRICS] as const;
export type BudgetMetric = (typeof BUDGET_METRICS)[number];

/** Warm calls of fn counted for a `toNotLeak` budget (after the leak check, so JIT and caches have settled). */
export const BUDGET_CALLS = 128;
/** Passes of BUDGET_CALLS calls; each metric keeps its smallest pass (noise only adds). */
export const BUDGET_PASSES = 5;
/** Runs of fn for a `toStayUnder()` budget, each after a full GC; each peak keeps its smallest run. */
export const PEAK_BUDGET_RUNS = 3;
/**
 * Most runs of fn for a `toStayUnder()` budget: past PEAK_BUDGET_RUNS, runs go on until the lowest jsAllocated is
 * repeated (see peak-budget.ts). A GC inside a run adds to its jsAllocated (a 5 MB build: +0.2 to +1 MB in the
 * first runs of a process, which grow the young generation; 5.01-5.03 MB in the runs without a GC).
 */
export const PEAK_BUDGET_MAX_RUNS = 8;
/** The two lowest jsAllocated figures repeat when within this share of the lower one (or JS_ALLOCATED_REPEAT_BYTES). */
export const JS_ALLOCATED_REPEAT_SHARE = 0.01;
export const JS_ALLOCATED_REPEAT_BYTES = 64 * 1024;

export function isBlockMetric(metric: BudgetMetric): boolean {
  return metric === 'nativeBlocksPerCall';
}

/**
 * Absolute slack under the relative tolerance: a change smaller than this never fails or counts as an
 * improvement, so a budget of 0 B (or 40 B) does not fail on a few bytes. Sized from the run-to-run spread
 * measured on the fixtures (README, "Memory budgets").
 */
export const BUDGET_FLOORS: Record<BudgetMetric, number> = {
  // Scavenges inside the run add to the sum (a 2.4 MB build: +294 kB in some Vitest 5 processes on Node 24;
  // a 25 MB build: up to +770 kB, 3%), so the floor sits well above the small-run spread.
  jsAllocated: 512 * 1024,
  heapPeak: 256 * 1024,
  externalPeak: 4 * 1024,
  nativePeak: 16 * 1024,
  jsAllocatedPerCall: 64,
  nativeAllocatedPerCall: 16,
  nativeBlocksPerCall: 0.5,
};

export function formatBudgetFigure(metric: BudgetMetric, value: number, format: (bytes: number) => string): string {
  if (isBlockMetric(metric)) return `${round(value)} block${value === 1 ? '' : 's'}`;
  return format(value);
}

/** Per-call figures keep one decimal; peaks are whole bytes. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The figures of the metrics asked for, in that order (absent ones, e.g. native without the tracker, skipped). */
export function pickMetrics(figures: Partial<Record<BudgetMetric, number>>, wanted: readonly BudgetMetric[]): Partial<Record<BudgetMetric, number>> {
  const picked: Partial<Record<BudgetMetric, number>> = {};
  for (const metric of wanted) if (figures[metric] !== undefined) picked[metric] = figures[metric];
  return picked;
}
