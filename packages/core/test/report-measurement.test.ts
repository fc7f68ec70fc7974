import { expect, test } from 'vitest';
import { reportMeasurement, summariesFrom } from '../src/report/measurement.js';
import type { MeasurementSummary } from '../src/host.js';

const summary: MeasurementSummary = { matcher: 'toStayUnder', pass: false, fullGcs: 2, durationMs: 18.6, headline: 'total peak 9 MB (limit 5 MB)', detail: '' };

test('budget, timeline and allocationProfile are copied as-is when present', () => {
  const budget = { file: '__memory__/a.test.ts.json', key: 'a', old: { native: 1 }, new: { native: 2 } };
  const timeline = { samples: [[0, 1], [1, 2]] };
  const allocationProfile = { top: [{ site: 'f', bytes: 3 }] };
  const entry = reportMeasurement({ ...summary, budget, timeline, allocationProfile } as MeasurementSummary);
  expect(entry).toMatchObject({ matcher: 'toStayUnder', verdict: 'fail', pass: false, durationMs: 19, budget, timeline, allocationProfile });
});

test('absent or non-object extras are left out; a summary without verdict gets one from pass', () => {
  const entry = reportMeasurement({ ...summary, pass: true, budget: 'x', timeline: null } as unknown as MeasurementSummary);
  expect(entry.verdict).toBe('pass');
  expect(Object.keys(entry)).toEqual(['matcher', 'verdict', 'pass', 'headline', 'detail', 'durationMs', 'fullGcs']);
});

test('summariesFrom keeps only entries with matcher, pass and headline', () => {
  expect(summariesFrom([summary, { matcher: 'x' }, null, 3])).toEqual([summary]);
  expect(summariesFrom(undefined)).toEqual([]);
});
