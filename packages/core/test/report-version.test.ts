import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { LEAKPROOF_VERSION } from '../src/report/version.js';

test('the version written into reports is the package version', () => {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(LEAKPROOF_VERSION).toBe(packageJson.version);
});
