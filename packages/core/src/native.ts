import { loadNative, type NativeAddon } from '@leakproof/native';
import { applyGuardEnv } from './guard-pages.js';
import { leakproofHost } from './host.js';

/** The native tracker, installed (GOT patched) on first use, or why it cannot be used. */
export type NativeTrackerState = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

let state: NativeTrackerState | undefined;
let noticeShown = false;

export function nativeTracker(): NativeTrackerState {
  if (state) return state;
  if (process.env.LEAKPROOF_NATIVE === '0') {
    state = { ok: false, reason: 'disabled by LEAKPROOF_NATIVE=0' };
    return state;
  }
  // A test environment in the outer realm (Jest) may have loaded the addon once for every test file.
  const loaded = leakproofHost()?.native ?? loadNative();
  if (!loaded.ok) {
    state = loaded;
    return state;
  }
  try {
    loaded.addon.install();
    state = { ok: true, addon: loaded.addon };
  } catch (error) {
    state = { ok: false, reason: `install failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  // LEAKPROOF_GUARD=1: guard-page mode from the first use on (a bad value throws a LeakproofUsageError naming it).
  if (state.ok) applyGuardEnv(state.addon);
  return state;
}

/** One notice per process when the native metric is skipped because the tracker is unavailable. */
export function noticeNativeUnavailable(reason: string): void {
  if (noticeShown) return;
  noticeShown = true;
  process.emitWarning(`native metric disabled, measuring JS memory only (heap, external): ${reason}`, {
    type: 'LeakproofWarning',
    code: 'LEAKPROOF_NO_NATIVE',
  });
}

/** Live bytes of the current window: malloc family + operator new, plus resources registered via leakproof_track. */
export function readNativeLive(addon: NativeAddon): number {
  const counters = addon.counters() as ReturnType<NativeAddon['counters']> & { customCurrent?: number };
  return counters.current + (counters.customCurrent ?? 0);
}
