import { describe, expect, test } from 'vitest';
import { formatBytes, parseBytes, parseDuration } from '../src/index.js';

describe('parseBytes', () => {
  test.each([
    ['20 MB', 20e6, 'si'],
    ['20MB', 20e6, 'si'],
    ['1.5 GiB', 1.5 * 1024 ** 3, 'iec'],
    ['64 B', 64, 'si'],
    ['64', 64, 'si'],
    ['1 KiB', 1024, 'iec'],
    ['1 kB', 1000, 'si'],
    ['1 KB', 1000, 'si'],
  ] as const)('%s', (input, bytes, family) => {
    expect(parseBytes(input, 'limit')).toEqual({ bytes, family });
  });

  test('numbers are bytes', () => {
    expect(parseBytes(2048, 'limit')).toEqual({ bytes: 2048, family: 'si' });
  });

  test.each([
    ['20 megs', "limit: '20 megs' is not a byte size (did you mean '20 MB'?)"],
    ['20 mb', "(did you mean '20 MB'?)"],
    ['-5 MB', "limit: '-5 MB' is not a byte size"],
    ['MB', "limit: 'MB' is not a byte size"],
    ['1 parsec', "use a number of bytes, or a string '<number> <unit>' with unit B, kB, MB, GB"],
  ])('rejects %s', (input, message) => {
    expect(() => parseBytes(input, 'limit')).toThrow(message);
  });

  test('rejects negative numbers and other types, naming the option', () => {
    expect(() => parseBytes(-1, "option 'threshold'")).toThrow("option 'threshold' must be a number of bytes");
    expect(() => parseBytes(Number.NaN, 'limit')).toThrow('received NaN');
    expect(() => parseBytes({}, 'limit')).toThrow('received an object');
  });
});

describe('formatBytes', () => {
  test.each([
    [0, 'si', '0 B'],
    [32, 'si', '32 B'],
    [40.25, 'si', '40.3 B'],
    [1024, 'si', '1.02 kB'],
    [1024, 'iec', '1 KiB'],
    [20e6, 'si', '20 MB'],
    [64 * 1024 ** 2, 'iec', '64 MiB'],
    [-1500, 'si', '-1.5 kB'],
    [123_456_789, 'si', '123 MB'],
  ] as const)('%d %s -> %s', (bytes, family, text) => {
    expect(formatBytes(bytes, family)).toBe(text);
  });

  test('round-trips what parseBytes reads', () => {
    for (const text of ['20 MB', '1.5 GiB', '64 B', '512 KiB']) {
      const { bytes, family } = parseBytes(text, 'x');
      expect(formatBytes(bytes, family)).toBe(text);
    }
  });
});

describe('parseDuration', () => {
  test.each([
    [250, 250],
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1.5 s', 1500],
  ] as const)('%s', (input, ms) => expect(parseDuration(input, 'timeout')).toBe(ms));

  test.each([[0], [-1], ['soon'], ['5 h'], [null]])('rejects %s', (input) => {
    expect(() => parseDuration(input, "option 'timeout'")).toThrow("option 'timeout' must be a positive number of milliseconds");
  });
});
