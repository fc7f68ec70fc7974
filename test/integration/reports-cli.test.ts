// leakproof-report.json from real Vitest 4, Vitest 5 and Jest runs of test/fixtures/report, and real `leakproof`
// processes on them: compare (planted regression -> exit 1; clean vs clean -> exit 0), merge of shards, bad input
// (exit 2), and the HTML report rendered in a real headless Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LeakMetricEvidence, LeakproofReport } from '@leakproof/core/report';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { availableRuntimes, runVitestFixtures, type Runtime } from './run-vitest.js';
import { jestRuntimes, runJestFixtures } from './run-jest.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtureDir = join(here, '..', 'fixtures', 'report');
const leakproofBin = join(here, '..', 'node_modules', '.bin', 'leakproof');
const artifactsDir = join(here, '..', 'artifacts');
const INJECTION_NAME = '</script><img src=x onerror=alert(1)> "quoted" & <b>bold</b>';
const EXPECTED_VITEST_TESTS = [
  `escaping.report.ts > ${INJECTION_NAME}`,
  'sessions.report.ts > sessions > a burst of sessions stays under 64 MB',
  'sessions.report.ts > sessions > a session cycle does not leak',
  'timeline.report-vitest.ts > a monitored loop plateaus',
];

const work = mkdtempSync(join(tmpdir(), 'leakproof-reports-'));
const file = (name: string): string => join(work, name);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A real Vitest run of the report fixtures writing leakproof-report.json to `out`. */
function vitestReport(out: string, runtime: Runtime, env: Record<string, string> = {}, extraArgs: string[] = []): LeakproofReport {
  const run = runVitestFixtures([], runtime, ['--reporter=@leakproof/vitest/reporter', ...extraArgs], { LEAKPROOF_REPORT_FILE: out, ...env }, fixtureDir);
  expect(existsSync(out), `no report written; output:\n${run.output}`).toBe(true);
  return JSON.parse(readFileSync(out, 'utf8')) as LeakproofReport;
}

function jestReport(out: string, env: Record<string, string> = {}, extraArgs: string[] = []): LeakproofReport {
  const runtime = jestRuntimes().find((candidate) => candidate.name.includes('Jest 30 (babel-jest)'));
  if (!runtime) throw new Error('Jest 30 runtime missing');
  const run = runJestFixtures(runtime, { LEAKPROOF_REPORT_FILE: out, ...env }, join(fixtureDir, 'jest.config.cjs'), extraArgs);
  expect(existsSync(out), `no report written; output:\n${run.output}`).toBe(true);
  return JSON.parse(readFileSync(out, 'utf8')) as LeakproofReport;
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function leakproof(...args: string[]): CliRun {
  const child = spawnSync(leakproofBin, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const reportSchema = JSON.parse(readFileSync(join(here, '..', '..', 'docs', 'report-schema.json'), 'utf8')) as object;
const validateReport = new Ajv({ allErrors: true }).compile(reportSchema);
/** Every report written by a reporter must match the documented JSON Schema. */
function expectSchemaValid(report: LeakproofReport): void {
  expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
}

/** The CSS selector of a test's section in the HTML report. */
const sectionOf = (fullName: string): string => `section.test[data-test="${fullName.replace(/["\\]/g, '\\$&')}"]`;

/** How long a timeline ran: its last sample time minus its first, in seconds. */
const recordedSeconds = (timesMs: number[]): number => ((timesMs.at(-1) ?? 0) - (timesMs[0] ?? 0)) / 1000;

const testKeys = (report: LeakproofReport): string[] => report.tests.map((test) => `${test.file} > ${test.fullName}`).sort();

/** One toNotLeak metric of one test in a report. */
function leakMetric(report: LeakproofReport, fullName: string, name: string): LeakMetricEvidence {
  const metric = report.tests.find((test) => test.fullName === fullName)?.measurements[0]?.metrics?.find((candidate) => candidate.name === name);
  if (!metric) throw new Error(`no ${name} metric for '${fullName}' in the report`);
  return metric;
}

/** A per-call figure of the compare table ('11 B/it', '+44.8 B/it', '1.23 kB/it') in bytes, and its resolution. */
function tableRate(text: string): { bytes: number; resolution: number } {
  const match = /^([-+]?[\d.]+) (B|kB)\/it$/.exec(text);
  if (!match) throw new Error(`'${text}' is not a per-call figure`);
  return match[2] === 'kB' ? { bytes: Number(match[1]) * 1000, resolution: 10 } : { bytes: Number(match[1]), resolution: 0.1 };
}

/** The table shows `bytes` (a report's figure, 0.1 B) at its resolution. */
function expectShown(text: string, bytes: number): void {
  const shown = tableRate(text);
  expect(Math.abs(shown.bytes - bytes), `table shows ${text} for ${bytes} B/it`).toBeLessThanOrEqual(shown.resolution / 2 + 1e-9);
}

const [vitest4, vitest5] = availableRuntimes() as [Runtime, Runtime | undefined];
let base: LeakproofReport;
let head: LeakproofReport;

beforeAll(() => {
  base = vitestReport(file('base.json'), vitest4);
  head = vitestReport(file('head.json'), vitest4, { LEAKPROOF_PLANT: '1' });
});

describe('@leakproof/vitest/reporter', () => {
  test('writes every measured test with its matcher, metrics, series, verdict and environment', () => {
    expect(base.schemaVersion).toBe(1);
    expectSchemaValid(base);
    expectSchemaValid(head);
    expect(testKeys(base)).toEqual(EXPECTED_VITEST_TESTS);
    expect(base.environment).toMatchObject({ node: process.version, runner: 'vitest', pool: 'forks', platform: process.platform, arch: process.arch, leakproofVersion: '0.1.0' });
    expect(base.environment.runnerVersion).toMatch(/^4\./);
    expect(base.environment.gitSha).toMatch(/^[0-9a-f]{40}$/);
    expect(base.environment.cpu).toMatch(/ x \d+$/);

    const cycle = base.tests.find((test) => test.fullName === 'sessions > a session cycle does not leak');
    const measurement = cycle?.measurements[0];
    expect(measurement).toMatchObject({ matcher: 'toNotLeak', verdict: 'pass', pass: true });
    expect(measurement?.fullGcs).toBeGreaterThan(30);
    expect(measurement?.metrics?.map((metric) => metric.name)).toEqual(['heap', 'external', 'native']);
    for (const metric of measurement?.metrics ?? []) {
      expect(metric.threshold).toBe(16);
      const first = metric.phases[0];
      expect(first?.values).toHaveLength(30);
      expect(first?.calls).toEqual(Array.from({ length: 30 }, (_, index) => index));
      for (const value of first?.values ?? []) expect(Number.isInteger(value)).toBe(true);
    }

    const burst = base.tests.find((test) => test.fullName === 'sessions > a burst of sessions stays under 64 MB')?.measurements[0];
    expect(burst?.matcher).toBe('toStayUnder');
    const total = burst?.peaks?.find((peak) => peak.name === 'total');
    expect(total).toMatchObject({ limit: 64_000_000, exceeded: false });
    // 16 ArrayBuffers of 64 KiB are alive together (1,048,576 B; the peak is above a baseline that also moves: ~1.04 MB).
    expect(burst?.peaks?.find((peak) => peak.name === 'external')?.peak).toBeGreaterThan(1_000_000);
  });

  test('the planted leak is a failing verdict with a growing heap series', () => {
    const cycle = head.tests.find((test) => test.fullName === 'sessions > a session cycle does not leak');
    expect(cycle?.status).toBe('failed');
    const heap = cycle?.measurements[0]?.metrics?.find((metric) => metric.name === 'heap');
    expect(cycle?.measurements[0]?.verdict).toBe('fail');
    expect(heap?.status).toBe('leak');
    expect(heap?.growthPerIteration).toBeGreaterThan(16);
    expect(heap?.phases.length).toBeGreaterThan(1);
  });

  test.runIf(vitest5)('Vitest 5 on Node 24 writes the same report', () => {
    const report = vitestReport(file('vitest5.json'), vitest5 as Runtime);
    expectSchemaValid(report);
    expect(report.environment.runnerVersion).toMatch(/^5\./);
    expect(report.environment.node).toMatch(/^v24\./);
    expect(testKeys(report)).toEqual(EXPECTED_VITEST_TESTS);
  });
});

describe('@leakproof/jest/reporter', () => {
  let jestBase: LeakproofReport;
  beforeAll(() => {
    jestBase = jestReport(file('jest-base.json'));
  });

  test('writes the measurements the Jest environment recorded, with Jest full names', () => {
    expectSchemaValid(jestBase);
    expect(jestBase.environment).toMatchObject({ runner: 'jest', node: process.version });
    expect(jestBase.environment.runnerVersion).toMatch(/^30\./);
    expect(testKeys(jestBase)).toEqual([
      `escaping.report.ts > ${INJECTION_NAME}`,
      'sessions.report.ts > sessions a burst of sessions stays under 64 MB',
      'sessions.report.ts > sessions a session cycle does not leak',
    ]);
    const cycle = jestBase.tests.find((test) => test.fullName === 'sessions a session cycle does not leak');
    expect(cycle?.measurements[0]?.metrics?.[0]?.phases[0]?.values).toHaveLength(30);
  });

  test('Jest 29 writes the same report', () => {
    const runtime = jestRuntimes().find((candidate) => candidate.name.includes('Jest 29'));
    if (!runtime) throw new Error('Jest 29 runtime missing');
    runJestFixtures(runtime, { LEAKPROOF_REPORT_FILE: file('jest29.json') }, join(fixtureDir, 'jest.config.cjs'));
    const report = JSON.parse(readFileSync(file('jest29.json'), 'utf8')) as LeakproofReport;
    expectSchemaValid(report);
    expect(report.environment.runnerVersion).toMatch(/^29\./);
    expect(testKeys(report)).toEqual(testKeys(jestBase));
  });

  test('jest --shard halves merge into the full run\'s set of tests', () => {
    const halves = ['1/2', '2/2'].map((shard, index) => {
      const report = jestReport(file(`jest-shard-${index + 1}.json`), {}, [`--shard=${shard}`]);
      expectSchemaValid(report);
      expect(report.environment.shard).toBe(shard);
      expect(report.tests.length, `shard ${shard}`).toBeGreaterThan(0);
      return report;
    });
    // Jest shards by test file: no test is in both halves.
    const [first, second] = halves.map(testKeys) as [string[], string[]];
    expect(first.filter((key) => second.includes(key))).toEqual([]);
    const run = leakproof('merge', file('jest-merged.json'), file('jest-shard-1.json'), file('jest-shard-2.json'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('duplicate');
    const merged = JSON.parse(readFileSync(file('jest-merged.json'), 'utf8')) as LeakproofReport;
    expectSchemaValid(merged);
    expect(testKeys(merged)).toEqual(testKeys(jestBase));
    expect(merged).toMatchObject({ mergedFrom: 2, environment: { runner: 'jest' } });
    expect(merged.environment.shard).toBeUndefined();
  });

  test('leakproof compare finds the planted regression in Jest reports too', () => {
    jestReport(file('jest-head.json'), { LEAKPROOF_PLANT: '1' });
    const run = leakproof('compare', file('jest-base.json'), file('jest-head.json'));
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/sessions a session cycle does not leak +toNotLeak +verdict +pass +fail .*regressed \(verdict pass -> fail\)/);
  });
});

describe('leakproof compare', () => {
  test('a planted regression: exit 1, the failing verdict and the grown peaks are regressed', () => {
    const run = leakproof('compare', file('base.json'), file('head.json'), '--threshold', '10%');
    expect(run.status, run.stdout + run.stderr).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^test +matcher +metric +base +head +delta +% +status$/);
    expect(lines[2]).toMatch(/a session cycle does not leak +toNotLeak +verdict +pass +fail +- +n\/a +regressed \(verdict pass -> fail\)$/);
    // The heap row shows each report's figure (the Theil-Sen slope of the phase that decided the metric). The clean
    // base is not always 0 B/it: a one-off step of a few hundred bytes (the runner's own allocations) in the middle of
    // the deciding phase gives a slope of up to ~15 B per call while the phase still reads flat (11 B/it in one CI
    // run). What holds: base ok under its threshold, head a leak above it, and the row regressed (ok -> leak).
    const cycle = 'sessions > a session cycle does not leak';
    const baseHeap = leakMetric(base, cycle, 'heap');
    const headHeap = leakMetric(head, cycle, 'heap');
    expect(baseHeap.status, baseHeap.reason).toBe('ok');
    expect(baseHeap.growthPerIteration, `${baseHeap.reason}; phase slopes ${baseHeap.phases.map((phase) => phase.slopePerCall).join(', ')}`).toBeLessThanOrEqual(baseHeap.threshold);
    expect(headHeap.status, headHeap.reason).toBe('leak');
    expect(headHeap.growthPerIteration).toBeGreaterThan(headHeap.threshold);
    const heapRow = /a session cycle does not leak +toNotLeak +heap growth\/it +(\S+ k?B\/it) +(\S+ k?B\/it) +(\S+ k?B\/it) .* regressed \(ok -> leak\)$/m.exec(run.stdout);
    expect(heapRow, run.stdout).not.toBeNull();
    const [, baseShown = '', headShown = '', deltaShown = ''] = heapRow ?? [];
    expectShown(baseShown, baseHeap.growthPerIteration);
    expectShown(headShown, headHeap.growthPerIteration);
    expectShown(deltaShown, headHeap.growthPerIteration - baseHeap.growthPerIteration);
    // 64 instead of 16 buffers of 64 KiB: +300% external peak.
    expect(run.stdout).toMatch(/a burst of sessions stays under 64 MB +toStayUnder +external peak +1\.0\d MB +4\.\d+ MB +\+3\.\d+ MB +\+[23]\d\d% +regressed/);
    expect(run.stdout).toMatch(/^\d+ regressions \(threshold 10%/m);
  });

  test('--markdown: a PR comment table with the regressions, test names escaped', () => {
    const run = leakproof('compare', file('base.json'), file('head.json'), '--markdown');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('<!-- leakproof-compare -->');
    expect(run.stdout).toContain('| test | matcher | metric | base | head | delta | % | status |');
    expect(run.stdout).toMatch(/\| sessions\.report\.ts &gt; sessions &gt; a session cycle does not leak \| toNotLeak \| verdict \| pass \| fail \| - \| n\/a \| :x: regressed/);
    expect(run.stdout).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(run.stdout).not.toContain('<img');
  });

  test('the fix (head -> base): improved, exit 0', () => {
    const run = leakproof('compare', file('head.json'), file('base.json'));
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/a session cycle does not leak +toNotLeak +verdict +fail +pass .*improved \(verdict fail -> pass\)/);
    expect(run.stdout).toMatch(/external peak .*improved \(-\d\d%\)/);
    expect(run.stdout).toMatch(/^no regressions .*; [1-9]\d* improved/m);
  });

  test('a renamed test is removed + new, not a regression', () => {
    const renamed = { ...base, tests: base.tests.map((test) => (test.fullName.endsWith('stays under 64 MB') ? { ...test, fullName: 'sessions > renamed burst' } : test)) };
    writeFileSync(file('renamed.json'), JSON.stringify(renamed));
    const run = leakproof('compare', file('base.json'), file('renamed.json'));
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/sessions > renamed burst +toStayUnder +total peak +- +1\.\d+ MB +- +n\/a +new \(only in head\)/);
    expect(run.stdout).toMatch(/a burst of sessions stays under 64 MB +toStayUnder +total peak +1\.\d+ MB +- +- +n\/a +removed \(only in base\)/);
  });

  test('a raised threshold does not hide a newly failing verdict', () => {
    const run = leakproof('compare', file('base.json'), file('head.json'), '--threshold', '1000%');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('regressed (verdict pass -> fail)');
    expect(run.stdout).not.toMatch(/external peak .*regressed/);
  });
});

describe('leakproof merge', () => {
  let merged: LeakproofReport;
  beforeAll(() => {
    vitestReport(file('shard-1.json'), vitest4, {}, ['--shard=1/2']);
    vitestReport(file('shard-2.json'), vitest4, {}, ['--shard=2/2']);
  });

  test('two shards merge into the full run\'s set of tests', () => {
    const shard1 = JSON.parse(readFileSync(file('shard-1.json'), 'utf8')) as LeakproofReport;
    const shard2 = JSON.parse(readFileSync(file('shard-2.json'), 'utf8')) as LeakproofReport;
    expect(shard1.environment.shard).toBe('1/2');
    expect(shard1.tests.length).toBeGreaterThan(0);
    expect(shard2.tests.length).toBeGreaterThan(0);
    const run = leakproof('merge', file('merged.json'), file('shard-1.json'), file('shard-2.json'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`merged 2 reports (4 tests) into ${file('merged.json')}`);
    merged = JSON.parse(readFileSync(file('merged.json'), 'utf8')) as LeakproofReport;
    expectSchemaValid(merged);
    expect(testKeys(merged)).toEqual(testKeys(base));
    expect(merged.mergedFrom).toBe(2);
    expect(merged.environment.shard).toBeUndefined();
  });

  test('clean base vs the merged clean shards (independent runs): exit 0', () => {
    const run = leakproof('compare', file('base.json'), file('merged.json'));
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^no regressions \(threshold 10%/m);
  });

  test('a test present in two inputs is reported and kept once', () => {
    const run = leakproof('merge', file('dup.json'), file('shard-1.json'), file('shard-1.json'));
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/leakproof merge: duplicate test kept once: .+ \(in .+shard-1\.json and .+shard-1\.json\)/);
    const dup = JSON.parse(readFileSync(file('dup.json'), 'utf8')) as LeakproofReport;
    expect(testKeys(dup)).toEqual(testKeys(JSON.parse(readFileSync(file('shard-1.json'), 'utf8')) as LeakproofReport));
  });
});

describe('bad input: exit 2 and a message naming the file and the problem', () => {
  const write = (name: string, content: string): string => {
    writeFileSync(file(name), content);
    return file(name);
  };

  test.each([
    ['missing file', () => file('nope.json'), /nope\.json: file not found/],
    ['invalid JSON', () => write('broken.json', '{"schemaVersion": 1, "tests": ['), /broken\.json: is not valid JSON \(/],
    ['wrong schema version', () => write('v2.json', JSON.stringify({ ...base, schemaVersion: 2 })), /v2\.json: schemaVersion 2 is not supported: this leakproof reads schemaVersion 1/],
    ['empty report', () => write('empty.json', JSON.stringify({ ...base, tests: [] })), /empty\.json: the report is empty: no measured tests/],
    ['not a report', () => write('array.json', '[]'), /array\.json: is not a leakproof report/],
    ['a test without measurements', () => write('shape.json', JSON.stringify({ ...base, tests: [{ file: 'a.ts', fullName: 'x' }] })), /shape\.json: tests\[0\] \('x'\) has no 'measurements' array/],
  ])('compare with %s', (_, make, message) => {
    const bad = make();
    for (const args of [['compare', file('base.json'), bad], ['compare', bad, file('base.json')], ['report', '--html', file('out.html'), bad]]) {
      const run = leakproof(...args);
      expect(run.status, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  test('merge refuses a report of another schema version', () => {
    const v2 = write('merge-v2.json', JSON.stringify({ ...base, schemaVersion: 2 }));
    const run = leakproof('merge', file('m.json'), file('base.json'), v2);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/merge-v2\.json: schemaVersion 2 is not supported/);
    expect(existsSync(file('m.json'))).toBe(false);
  });

  test('usage mistakes name the option and the accepted form', () => {
    const threshold = leakproof('compare', file('base.json'), file('head.json'), '--threshold', 'ten');
    expect(threshold.status).toBe(2);
    expect(threshold.stderr).toContain("--threshold: 'ten' is not a percentage; use e.g. --threshold 10%");
    const unknown = leakproof('compair', 'a', 'b');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'compair' (commands: compare, merge, report)");
    const missing = leakproof('compare', file('base.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('expected <base.json> <head.json>');
  });
});

describe('leakproof report --html in headless Chromium', () => {
  test('renders every chart with its data points, ranks the regressions, shows the injection name as text', async () => {
    const html = file('report.html');
    const run = leakproof('report', '--html', html, file('head.json'), '--base', file('base.json'));
    expect(run.status, run.stderr).toBe(0);
    const source = readFileSync(html, 'utf8');
    expect(source).not.toMatch(/<script|src="http|href="http/);

    const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
    if (!executablePath) throw new Error('Chromium not found: install it (apt-get install -y chromium; .ci/run does)');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`file://${html}`);

      // One series chart per toNotLeak metric, each with one circle per sample and one fitted line per phase.
      for (const test of head.tests) {
        for (const measurement of test.measurements) {
          for (const metric of measurement.metrics ?? []) {
            const section = page.locator(sectionOf(test.fullName));
            const chart = section.locator(`svg[data-chart="series"][data-metric="${metric.name}"]`);
            const samples = metric.phases.reduce((sum, phase) => sum + phase.values.length, 0);
            expect(await chart.getAttribute('data-points')).toBe(String(samples));
            expect(await chart.locator('circle.point').count()).toBe(samples);
            expect(await chart.locator('line.fit').count()).toBe(metric.phases.filter((phase) => phase.values.length >= 2).length);
          }
        }
      }
      // The memory monitor's timeline (toPlateau and monitor.stop() entries): one line per series, one point per
      // recorded sample; null samples (gaps) are left out of the line.
      let timelines = 0;
      for (const test of head.tests) {
        const charts = page.locator(`${sectionOf(test.fullName)} svg[data-chart="timeline"]`);
        let inTest = 0;
        for (const measurement of test.measurements) {
          const timeline = measurement.timeline as { timesMs: number[]; series: Record<string, Array<number | null>> } | undefined;
          if (!timeline) continue;
          const chart = charts.nth(inTest);
          inTest += 1;
          timelines += 1;
          const names = Object.keys(timeline.series);
          expect(names).toEqual(expect.arrayContaining(['heap', 'external', 'native']));
          expect(await chart.locator('path.line').count()).toBe(names.length);
          for (const name of names) {
            const values = timeline.series[name] ?? [];
            expect(values).toHaveLength(timeline.timesMs.length);
            const recorded = values.filter((value) => value !== null).length;
            const line = chart.locator(`path.line[data-metric="${name}"]`);
            expect(await line.getAttribute('data-points')).toBe(String(recorded));
            expect(((await line.getAttribute('d')) ?? '').match(/[ML]/g)?.length ?? 0).toBe(recorded);
          }
          expect(recordedSeconds(timeline.timesMs)).toBeGreaterThan(0.5);
          expect(await chart.locator('text.label').textContent()).toBe('time since the monitor started (s)');
        }
      }
      expect(timelines).toBeGreaterThanOrEqual(1);
      // The fixture's toNotLeak owned the native tracker for a while: the native line is drawn in two or more pieces.
      const native = page.locator(`${sectionOf('a monitored loop plateaus')} svg[data-chart="timeline"] path.line[data-metric="native"]`).first();
      expect(((await native.getAttribute('d')) ?? '').match(/M/g)?.length).toBeGreaterThanOrEqual(2);
      expect(await page.locator('svg[data-chart="timeline"]').count()).toBe(timelines);

      expect(await page.locator('svg[data-chart="overlay"]').count()).toBe(2);
      expect(await page.locator('svg[data-chart="overlay"] polyline.line').count()).toBe(6);
      expect(await page.locator('svg[data-chart="peaks"] rect.bar').count()).toBe(5);
      const boxes = await page.locator('svg[data-chart]').evaluateAll((charts) => charts.map((chart) => chart.getBoundingClientRect().width));
      for (const width of boxes) expect(width).toBeGreaterThan(100);

      const ranked = page.locator('table[data-table="regressions"] tbody tr');
      expect(await ranked.count()).toBeGreaterThanOrEqual(3);
      expect(await ranked.first().getAttribute('data-status')).toBe('regressed');
      expect(await ranked.first().locator('td').nth(3).textContent()).toBe('verdict');

      const heading = page.locator('section.test h2', { hasText: 'onerror' });
      expect(await heading.textContent()).toBe(INJECTION_NAME);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('b').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);

      mkdirSync(artifactsDir, { recursive: true });
      const screenshot = join(artifactsDir, 'leakproof-report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
      writeFileSync(join(artifactsDir, 'leakproof-report.html'), source);
    } finally {
      await browser.close();
    }
  });
});
