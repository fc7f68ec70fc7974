import { LeakproofUsageError } from './errors.js';

export interface MeasurementOwner {
  matcher: string;
  testName?: string | undefined;
}

let active: MeasurementOwner | undefined;
let started = 0;

/**
 * Measured sections are serialized within a worker: two measurements interleaving on one heap would each see the
 * other's allocations. A second measurement while one runs is a usage error, never a silent wrong verdict.
 */
export async function withMeasurementLock<T>(owner: MeasurementOwner, body: () => Promise<T>): Promise<T> {
  if (active) {
    const where = active.testName ? ` in test '${active.testName}'` : '';
    throw new LeakproofUsageError(
      `${owner.matcher}: another memory measurement (${active.matcher}${where}) is running in this worker. ` +
        'Memory assertions share one heap, so they cannot overlap: do not use them in test.concurrent / describe.concurrent, ' +
        'and await each one before starting the next.',
    );
  }
  active = owner;
  started++;
  try {
    return await body();
  } finally {
    active = undefined;
  }
}

export function isMeasurementActive(): boolean {
  return active !== undefined;
}

/**
 * How many measurements have started in this worker so far. A measurement restarts the native tracker's window,
 * so anything reading the window across time (the memory monitor) checks this to know its window was replaced.
 */
export function measurementsStarted(): number {
  return started;
}
