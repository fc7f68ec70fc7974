import type { LiveStackGroup, NativeAddon } from '@leakproof/native';
import type { CycleHarness } from './harness.js';
import { readNativeLive } from './native.js';

/** Innermost return addresses that make an allocation site: stable even when outer JIT frames change. */
export const SITE_DEPTH = 3;

/** Live blocks of the tracking window grouped by allocation site (kind + innermost frames). */
export interface SiteGroup {
  site: string;
  kind: string;
  count: number;
  bytes: number;
  /** The stack of this site holding the most blocks: the one to symbolize. */
  stackId: number;
  stackCount: number;
}

export type LiveBySite = Map<string, SiteGroup>;

/** Maps stack ids to site keys, asking the addon for raw addresses once per stack id. */
export class SiteKeys {
  private readonly keys = new Map<number, string>();

  constructor(private readonly addon: NativeAddon) {}

  of(group: LiveStackGroup): string {
    let key = this.keys.get(group.stackId);
    if (key === undefined) {
      key = this.addon.stackAddresses(group.stackId).slice(0, SITE_DEPTH).join('<');
      this.keys.set(group.stackId, key);
    }
    return `${group.kind}@${key}`;
  }
}

export function snapshotLiveBySite(addon: NativeAddon, keys: SiteKeys): LiveBySite {
  const sites: LiveBySite = new Map();
  for (const group of addon.liveByStack()) {
    const site = keys.of(group);
    const existing = sites.get(site);
    if (!existing) {
      sites.set(site, { site, kind: group.kind, count: group.count, bytes: group.bytes, stackId: group.stackId, stackCount: group.count });
      continue;
    }
    existing.count += group.count;
    existing.bytes += group.bytes;
    if (group.count > existing.stackCount) {
      existing.stackId = group.stackId;
      existing.stackCount = group.count;
    }
  }
  return sites;
}

/** An allocation site whose live blocks grew in two consecutive runs of the cycle. */
export interface GrowingSite {
  site: string;
  kind: string;
  stackId: number;
  /** Blocks and bytes added per call, over both runs. */
  countPerCall: number;
  bytesPerCall: number;
}

/**
 * Exact per-site growth between three snapshots: the sites that kept at least `callsPerRun / minEvery` more blocks
 * after each of the two runs. Other threads of the process (V8's GC and compiler workers, the runner's IPC)
 * allocate and free in the same window, so the byte total moves even when fn is clean; one allocation site
 * keeping more blocks after each of two runs does not happen by chance.
 */
export function growingSites(before: LiveBySite, middle: LiveBySite, after: LiveBySite, callsPerRun: number, minEvery = 16): GrowingSite[] {
  const minBlocks = Math.max(2, Math.floor(callsPerRun / minEvery));
  const growing: GrowingSite[] = [];
  for (const [site, last] of after) {
    const first = before.get(site);
    const mid = middle.get(site);
    const firstGrowth = (mid?.count ?? 0) - (first?.count ?? 0);
    const secondGrowth = last.count - (mid?.count ?? 0);
    if (firstGrowth >= minBlocks && secondGrowth >= minBlocks) {
      growing.push({
        site,
        kind: last.kind,
        stackId: last.stackId,
        countPerCall: (last.count - (first?.count ?? 0)) / (2 * callsPerRun),
        bytesPerCall: (last.bytes - (first?.bytes ?? 0)) / (2 * callsPerRun),
      });
    }
  }
  // Most blocks per call first: fn's own leak keeps about one block per call (or per k calls); a background site that
  // happened to keep a few large blocks in both runs (the runner's module loading, V8 tasks) ranks below it. Sites
  // keeping under a quarter of the leading site's rate are dropped from the list.
  growing.sort((a, b) => b.countPerCall - a.countPerCall || b.bytesPerCall - a.bytesPerCall);
  const leading = growing[0]?.countPerCall ?? 0;
  return growing.filter((site) => site.countPerCall >= leading / 4);
}

/** Runs the cycle twice (`callsPerRun` calls, then GC, each) and returns the sites that grew both times. */
export async function findGrowingSites(addon: NativeAddon, harness: CycleHarness, keys: SiteKeys, callsPerRun = 64): Promise<GrowingSite[]> {
  const before = snapshotLiveBySite(addon, keys);
  await harness.step(callsPerRun, harness.scratchSlot, 'measurement');
  const middle = snapshotLiveBySite(addon, keys);
  await harness.step(callsPerRun, harness.scratchSlot, 'measurement');
  const after = snapshotLiveBySite(addon, keys);
  return growingSites(before, middle, after, callsPerRun);
}

/**
 * The native sampler: total live bytes of the window, or, once growing sites are known, only the bytes live at
 * those sites, so the confirmation phases judge fn's allocations and not the noise of other threads.
 */
export class NativeSampler {
  focus: ReadonlySet<string> | undefined;
  readonly keys: SiteKeys;

  constructor(private readonly addon: NativeAddon) {
    this.keys = new SiteKeys(addon);
  }

  readonly sample = (): number => {
    const focus = this.focus;
    if (!focus) return readNativeLive(this.addon);
    let bytes = 0;
    for (const group of this.addon.liveByStack()) if (focus.has(this.keys.of(group))) bytes += group.bytes;
    return bytes;
  };
}
