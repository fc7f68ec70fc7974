/** A mistake in how a matcher was called: bad option, wrong received value, unsupported use. */
export class LeakproofUsageError extends Error {
  override name = 'LeakproofUsageError';
}

/** The function under test threw (or rejected) while leakproof was calling it. */
export class IterationError extends Error {
  override name = 'IterationError';
  readonly iteration: number;
  readonly stage: 'warm-up' | 'measurement' | 'baseline';

  constructor(matcher: string, iteration: number, stage: IterationError['stage'], cause: unknown) {
    const original = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`${matcher}: fn threw on iteration ${iteration} (${stage}): ${original}`, { cause });
    this.iteration = iteration;
    this.stage = stage;
    if (cause instanceof Error && cause.stack) {
      this.stack = `${this.name}: ${this.message}\n    --- original error ---\n${cause.stack}`;
    }
  }
}
