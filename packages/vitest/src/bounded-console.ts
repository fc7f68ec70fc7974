/** How many console writes of a measured cycle reach Vitest; the rest are counted and not forwarded. */
export const CONSOLE_WRITES_FORWARDED = 100;

interface WritableLike {
  write: (chunk: unknown, ...rest: unknown[]) => boolean;
}

/**
 * Vitest's worker console forwards every write to the main process (an RPC message per flush). When the main
 * process is short of CPU, those messages queue up in the worker: heap that grows with each logging call and is
 * the runner's, not fn's (a false positive the corpus soak found under load). While a measurement runs, the
 * console's streams forward the first writes and count the rest; formatting still happens as in the user's code,
 * only the forwarding stops. Afterwards one line says how many writes were held back.
 */
export async function withBoundedConsoleOutput<T>(body: () => Promise<T>): Promise<T> {
  const testConsole = globalThis.console as unknown as { _stdout?: WritableLike; _stderr?: WritableLike };
  const stdout = testConsole._stdout;
  const stderr = testConsole._stderr;
  // Only the runner's own streams: a console writing to the real process streams queues nothing in the heap.
  if (!stdout || !stderr || (stdout as unknown) === process.stdout || typeof stdout.write !== 'function') return body();
  const streams = stdout === stderr ? [stdout] : [stdout, stderr];
  const originals = streams.map((stream) => stream.write);
  let forwarded = 0;
  let held = 0;
  streams.forEach((stream, index) => {
    const original = originals[index] as WritableLike['write'];
    stream.write = function boundedWrite(chunk: unknown, ...rest: unknown[]): boolean {
      if (forwarded < CONSOLE_WRITES_FORWARDED) {
        forwarded++;
        return original.call(stream, chunk, ...rest);
      }
      held++;
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    };
  });
  try {
    return await body();
  } finally {
    streams.forEach((stream, index) => {
      stream.write = originals[index] as WritableLike['write'];
    });
    if (held > 0) {
      stdout.write(
        `[leakproof] ${held.toLocaleString('en-US')} more console writes made while measuring were not forwarded to Vitest (the first ${CONSOLE_WRITES_FORWARDED} were)\n`,
      );
    }
  }
}
