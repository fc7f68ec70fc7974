// The README's GitHub Actions gate, run locally end to end:
//   1. base (main branch): run the tests -> reports/base.json   (in CI: uploaded as an artifact)
//   2. base again (a re-run of main)     -> reports/base-rerun.json; compare with base: the gate must pass (exit 0)
//   3. head (the pull request, CI_GATE_REVISION=head: a planted leak and a 4x larger peak) -> reports/head.json
//   4. leakproof compare base head (terminal table) and --markdown -> reports/comment.md (the sticky PR comment);
//      the gate must fail (exit 1)
//   5. leakproof report --html reports/report.html head --base base
// Exits 0 when the gate behaved as expected (passes on no change, fails on the regression), 1 otherwise.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const reports = join(here, 'reports');
const bin = (name) => join(here, 'node_modules', '.bin', name);
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

function step(title) {
  process.stdout.write(`\n=== ${title}\n`);
}

function runTests(revision, reportFile) {
  step(`${revision}: vitest run -> ${reportFile}`);
  const child = spawnSync(bin('vitest'), ['run'], {
    cwd: here,
    stdio: 'inherit',
    env: { ...process.env, CI_GATE_REVISION: revision, LEAKPROOF_REPORT_FILE: join(reports, reportFile) },
  });
  process.stdout.write(`(vitest exit ${child.status}${child.status !== 0 ? ': the tests themselves failed too; the report is written either way' : ''})\n`);
}

function leakproof(args, { capture = false } = {}) {
  step(`leakproof ${args.join(' ')}`);
  const child = spawnSync(bin('leakproof'), args, { cwd: here, encoding: 'utf8', stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
  process.stdout.write(`(exit ${child.status})\n`);
  return child;
}

runTests('base', 'base.json');
runTests('base', 'base-rerun.json');
runTests('head', 'head.json');

const unchanged = leakproof(['compare', 'reports/base.json', 'reports/base-rerun.json']);
const regressed = leakproof(['compare', 'reports/base.json', 'reports/head.json']);
const markdown = leakproof(['compare', 'reports/base.json', 'reports/head.json', '--markdown'], { capture: true });
writeFileSync(join(reports, 'comment.md'), markdown.stdout);
process.stdout.write(`wrote reports/comment.md (${markdown.stdout.split('\n').length} lines)\n`);
const html = leakproof(['report', '--html', 'reports/report.html', 'reports/head.json', '--base', 'reports/base.json']);

const ok = unchanged.status === 0 && regressed.status === 1 && markdown.status === 1 && html.status === 0;
step(ok ? 'gate OK: passes on an unchanged re-run (exit 0), fails on the planted regression (exit 1)' : 'gate did NOT behave as expected');
process.exitCode = ok ? 0 : 1;
