/** How many console entries of a measured cycle Jest keeps; the rest are counted and dropped. */
export const CONSOLE_ENTRIES_KEPT = 100;

type ConsoleEntry = { message: string; origin: string; type: string };

/**
 * Jest's BufferedConsole (non-verbose runs) keeps every console entry until the test file ends: a cycle that logs
 * would "leak" into Jest's buffer on every call. While a measurement runs, the buffer is swapped for one that keeps
 * the first entries and counts the rest; afterwards the kept entries and a one-line summary go back to Jest.
 */
export async function withBoundedConsoleBuffer<T>(body: () => Promise<T>): Promise<T> {
  const testConsole = globalThis.console as unknown as { _buffer?: unknown };
  const original = testConsole._buffer;
  if (!Array.isArray(original)) return body();
  let dropped = 0;
  const kept: ConsoleEntry[] = [];
  const bounded = Object.assign([] as ConsoleEntry[], {
    push(...entries: ConsoleEntry[]): number {
      for (const entry of entries) {
        if (kept.length < CONSOLE_ENTRIES_KEPT) kept.push(entry);
        else dropped++;
      }
      return kept.length;
    },
  });
  testConsole._buffer = bounded;
  try {
    return await body();
  } finally {
    testConsole._buffer = original;
    (original as ConsoleEntry[]).push(...kept);
    if (dropped > 0) {
      (original as ConsoleEntry[]).push({
        message: `[leakproof] ${dropped} more console entries written while measuring were dropped (only the first ${CONSOLE_ENTRIES_KEPT} are kept)`,
        origin: '',
        type: 'log',
      });
    }
  }
}
