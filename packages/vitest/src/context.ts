import type { MatcherContextLike, MatcherUtilsLike, MeasurementSummary } from '@leakproof/core';

/** The fields of Vitest's matcher `this` (4.x and 5.x) that leakproof reads. */
export interface VitestMatcherThis {
  isNot: boolean;
  promise?: string;
  utils: unknown;
  currentTestName?: string;
  testPath?: string;
  snapshotState?: unknown;
  task?: {
    concurrent?: boolean;
    timeout?: number;
    meta?: object;
  };
}

export function toMatcherContext(state: VitestMatcherThis): MatcherContextLike {
  return {
    isNot: state.isNot,
    promise: state.promise,
    utils: state.utils as Partial<MatcherUtilsLike>,
    currentTestName: state.currentTestName,
    testTimeoutMs: typeof state.task?.timeout === 'number' ? state.task.timeout : undefined,
    concurrent: state.task?.concurrent === true,
    testPath: state.testPath,
    snapshotState: state.snapshotState,
  };
}

export type { MeasurementSummary };

/** Leaves a summary of each measurement on the test's meta, where reporters (and `vitest --reporter=json`) see it. */
export function recordOnTask(state: VitestMatcherThis, summary: MeasurementSummary): void {
  recordOnMeta(state.task?.meta, summary);
}

/** Appends a summary to a task's meta.leakproof list (matchers, and monitors that hold their test's task). */
export function recordOnMeta(taskMeta: object | undefined, summary: MeasurementSummary): void {
  const meta = taskMeta as Record<string, unknown> | undefined;
  if (!meta) return;
  const existing = meta.leakproof;
  const list = Array.isArray(existing) ? (existing as MeasurementSummary[]) : [];
  list.push(summary);
  meta.leakproof = list;
}
