import type { NativeAddon } from '@leakproof/native';
import type { AllocationProfileSummary } from '../host.js';
import { formatFrame } from '../format/leak-message.js';
import { cutOwnFrames } from '../native-diagnosis.js';

/** One power-of-two size class of the native allocation histogram (`upTo` -1: larger than the last class). */
export interface NativeSizeClass {
  upTo: number;
  count: number;
  bytes: number;
}

/** Allocations of one stack in the window (freed or not). */
export interface NativeStackAllocations {
  stackId: number;
  kind: string;
  count: number;
  bytes: number;
}

/** `addon.allocationProfile(limit?)`: every allocation recorded in the current window, freed or not. */
export interface NativeAllocationProfile {
  sizeClasses: NativeSizeClass[];
  topStacks: NativeStackAllocations[];
}

type AddonWithProfile = NativeAddon & { allocationProfile?: (limit?: number) => NativeAllocationProfile };

/** Stacks kept in a profile: enough to show what to pool. */
export const PROFILE_TOP_STACKS = 5;

/** The window's allocation profile, or undefined when this build of the addon has no histogram. */
export function readAllocationProfile(addon: NativeAddon, limit = PROFILE_TOP_STACKS): NativeAllocationProfile | undefined {
  const withProfile = addon as AddonWithProfile;
  if (typeof withProfile.allocationProfile !== 'function') return undefined;
  return withProfile.allocationProfile(limit);
}

/** For reports and messages: size classes that saw allocations, top stacks symbolized (tracker frames cut). */
export function summarizeAllocationProfile(addon: NativeAddon, profile: NativeAllocationProfile, calls: number): AllocationProfileSummary {
  return {
    calls,
    sizeClasses: profile.sizeClasses.filter((sizeClass) => sizeClass.count > 0).map(({ upTo, count, bytes }) => ({ upTo, count, bytes })),
    topStacks: profile.topStacks.slice(0, PROFILE_TOP_STACKS).map((stack) => ({
      kind: stack.kind,
      count: stack.count,
      bytes: stack.bytes,
      frames: cutOwnFrames(addon.symbolize(stack.stackId)).map(formatFrame),
    })),
  };
}
