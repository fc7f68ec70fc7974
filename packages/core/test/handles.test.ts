import { describe, expect, test } from 'vitest';
import { allowingRule, parseCreationStack } from '../src/index.js';

const stack = [
  'Error',
  '    at AsyncHook.init (node:internal/async_hooks:202:43)',
  '    at new Timeout (node:internal/timers:185:5)',
  '    at setTimeout (node:timers:142:19)',
  '    at scheduleRetry (/repo/src/retry.ts:12:3)',
  '    at async Promise.all (index 0)',
  '    at /repo/test/retry.test.ts:7:5',
  '    at runTest (/repo/node_modules/.pnpm/@vitest+runner@4.1.12/node_modules/@vitest/runner/dist/index.js:1:1)',
].join('\n');

describe('parseCreationStack', () => {
  test("keeps the caller's frames, relative to cwd; node internals and the runner are cut", () => {
    const parsed = parseCreationStack(stack, '/repo');
    expect(parsed.foreignOnly).toBe(false);
    expect(parsed.createdByRunner).toBe(false);
    expect(parsed.frames).toEqual([
      { functionName: 'scheduleRetry', file: 'src/retry.ts', line: 12, column: 3 },
      { functionName: '(anonymous)', file: 'test/retry.test.ts', line: 7, column: 5 },
    ]);
  });

  test("a stack with only the runner's frames is the runner's own handle", () => {
    const runner = ['Error', '    at setTimeout (node:timers:142:19)', '    at call (/repo/node_modules/birpc/dist/index.mjs:1:1)'].join('\n');
    const parsed = parseCreationStack(runner, '/repo');
    expect(parsed).toMatchObject({ foreignOnly: true, createdByRunner: true });
    expect(parsed.frames.map((frame) => frame.functionName)).toEqual(['setTimeout', 'call']);
  });

  test("node's frames only (created from the event loop): not the runner's", () => {
    const parsed = parseCreationStack(['Error', '    at doListen (node:net:2139:7)'].join('\n'), '/repo');
    expect(parsed).toMatchObject({ foreignOnly: true, createdByRunner: false });
  });
});

describe('allowingRule', () => {
  test('a string names the type (case-insensitive); a RegExp is tested on type + stack', () => {
    expect(allowingRule('Timeout', stack, ['timeout'])).toBe('timeout');
    expect(allowingRule('TCPWRAP', stack, ['Timeout'])).toBeUndefined();
    const rule = /retry\.ts/g;
    expect(allowingRule('Timeout', stack, [rule])).toBe(rule);
    expect(allowingRule('Timeout', stack, [rule])).toBe(rule);
    expect(allowingRule('Timeout', stack, [/^TCP/])).toBeUndefined();
  });
});
