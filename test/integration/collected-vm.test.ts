import { describe, expect, test } from 'vitest';
import { jestRuntimes, runJestFixtures } from './run-jest.js';
import { availableRuntimes, failureOf, runVitestFixtures } from './run-vitest.js';

// toBeCollected's retainer path where the test runs in a vm context (Vitest vmThreads, Jest): the object is named
// to the inspector through the main context's global.
describe('toBeCollected retainer path in vm contexts', () => {
  test('Vitest vmThreads', () => {
    const [vitest4] = availableRuntimes();
    const run = runVitestFixtures(['diagnosis-collected.fixture.ts'], vitest4, ['--pool=vmThreads', '-t', 'module-level Map']);
    const message = failureOf(run, 'toBeCollected fails for an object kept in a module-level Map');
    expect(message).toContain('retained by: (GC roots) -> Module diagnosis-app/call-manager.ts -> sessions (Map) -> [value] -> CallSession');
    expect(message).not.toContain('retainer path unavailable');
  });

  test('Jest 29 (ts-jest)', () => {
    const [jest29] = jestRuntimes();
    const run = runJestFixtures(jest29 as NonNullable<typeof jest29>, {}, undefined, ['-t', 'module-level array']);
    const message = failureOf(run, 'parity collection an object kept in a module-level array is not collected');
    expect(message).toMatch(/retained by: \(GC roots\) -> Module \S*leaks\.parity\.ts -> keptSessions \(Array\) -> \[0\] -> Object/);
    expect(message).not.toContain('retainer path unavailable');
  });
});
