import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { LEAKPROOF_VERSION } from './version.js';
import type { ReportEnvironment } from './schema.js';

export interface RunnerIdentity {
  runner: ReportEnvironment['runner'];
  runnerVersion: string;
  pool: string;
  shard?: string | undefined;
  /** Where to ask git for the commit. */
  cwd: string;
}

/** Node, platform, CPU and commit of this process, plus what the reporter knows about its runner. */
export function reportEnvironment(identity: RunnerIdentity): ReportEnvironment {
  const cpus = os.cpus();
  const gitSha = currentCommit(identity.cwd);
  return {
    node: process.version,
    runner: identity.runner,
    runnerVersion: identity.runnerVersion,
    pool: identity.pool,
    platform: process.platform,
    arch: process.arch,
    cpu: `${cpus[0]?.model.trim() ?? 'unknown'} x ${cpus.length}`,
    leakproofVersion: LEAKPROOF_VERSION,
    ...(gitSha === undefined ? {} : { gitSha }),
    ...(identity.shard === undefined ? {} : { shard: identity.shard }),
  };
}

function currentCommit(cwd: string): string | undefined {
  const fromCi = process.env.GITHUB_SHA;
  if (fromCi && /^[0-9a-f]{7,40}$/i.test(fromCi)) return fromCi;
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', timeout: 5000 });
  const sha = git.status === 0 ? git.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
}
