import { describe, expect, test } from 'vitest';
import { growingSites, type LiveBySite, type SiteGroup } from '../src/index.js';

const snapshot = (groups: Array<Partial<SiteGroup> & { site: string; count: number; bytes: number }>): LiveBySite =>
  new Map(groups.map((group) => [group.site, { kind: 'malloc', stackId: 1, stackCount: group.count, ...group }]));

describe('growingSites', () => {
  test('keeps a site that grew in both runs, ranks by blocks per call, drops background sites', () => {
    const before = snapshot([
      { site: 'leak', count: 0, bytes: 0 },
      { site: 'v8-tasks', count: 5, bytes: 400 },
      { site: 'runner', count: 0, bytes: 0 },
    ]);
    const middle = snapshot([
      { site: 'leak', count: 32, bytes: 32 * 256 },
      { site: 'v8-tasks', count: 5, bytes: 400 },
      { site: 'runner', count: 4, bytes: 4 * 2200 },
    ]);
    const after = snapshot([
      { site: 'leak', count: 64, bytes: 64 * 256 },
      { site: 'v8-tasks', count: 6, bytes: 480 },
      { site: 'runner', count: 9, bytes: 9 * 2200 },
    ]);
    const sites = growingSites(before, middle, after, 32);
    expect(sites.map((site) => site.site)).toEqual(['leak']);
    expect(sites[0]).toMatchObject({ countPerCall: 1, bytesPerCall: 256 });
  });

  test('a leak every 8th call still counts when nothing else grows', () => {
    const before = snapshot([{ site: 'every8', count: 0, bytes: 0 }]);
    const middle = snapshot([{ site: 'every8', count: 4, bytes: 4 * 1024 }]);
    const after = snapshot([{ site: 'every8', count: 8, bytes: 8 * 1024 }]);
    expect(growingSites(before, middle, after, 32)).toMatchObject([{ site: 'every8', countPerCall: 0.125, bytesPerCall: 128 }]);
  });

  test('a site that grew in only one run is noise', () => {
    const before = snapshot([{ site: 'once', count: 0, bytes: 0 }]);
    const middle = snapshot([{ site: 'once', count: 30, bytes: 3000 }]);
    const after = snapshot([{ site: 'once', count: 30, bytes: 3000 }]);
    expect(growingSites(before, middle, after, 32)).toEqual([]);
  });
});
