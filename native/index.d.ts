/** Stack capture mode of a tracking window. */
export type StackMode = 'cheap' | 'full';

export interface StartOptions {
  /** 'cheap': frame-pointer walk (default depth 3, max 16). 'full': DWARF unwind (default depth 64, max 256). */
  stacks: StackMode;
  maxDepth?: number;
  /** 'all' (default): every thread, libuv threadpool included. 'current': only the thread calling start(). */
  threads?: 'all' | 'current';
}

export interface NativeCounters {
  /** Bytes live now (allocated during the window and not freed). */
  current: number;
  /** High-water mark of `current` since start() or resetPeak() (malloc/new bytes only). */
  peak: number;
  /** Bytes allocated during the window. */
  totalAllocated: number;
  /** Allocation calls recorded during the window. */
  allocations: number;
  /** Frees of allocations recorded during the window. */
  frees: number;
  /** Bytes of custom resources registered with leakproof_track() during the window and not yet untracked. */
  customCurrent: number;
  /** Number of those custom resources. */
  customCount: number;
  /** High-water mark of `customCurrent` since start() or resetPeak(). */
  customPeak: number;
}

export interface NativeLiveSummary {
  /** Live malloc/new bytes (same as counters().current). */
  bytes: number;
  /** Live malloc/new blocks. */
  count: number;
  /** Live custom-resource bytes (same as counters().customCurrent). */
  customBytes: number;
  /** Live custom resources (same as counters().customCount). */
  customCount: number;
}

export interface NativeThreadStats {
  /** Kernel thread id (gettid). */
  tid: number;
  /** Bytes allocated by this thread during the window and still live (whoever freed them). */
  current: number;
  totalAllocated: number;
  allocations: number;
  /** Frees of this thread's allocations (by any thread). */
  frees: number;
  isMainThread: boolean;
}

export interface LiveStackGroup {
  stackId: number;
  /** 'malloc' (malloc family), 'new' (operator new), or a custom kind from leakproof_track(). */
  kind: string;
  count: number;
  bytes: number;
}

export interface NativeSizeClass {
  /** upper bound in bytes, inclusive (16, 32, 64, ... powers of two); the last class has upTo = -1 (larger) */
  upTo: number;
  count: number;
  bytes: number;
}

export interface NativeAllocationProfile {
  sizeClasses: NativeSizeClass[];
  /** every allocation recorded in the window, freed or not, grouped by stack, largest count first */
  topStacks: Array<{ stackId: number; kind: string; count: number; bytes: number }>;
}

export interface NativeFrame {
  /** Return address, hex. */
  address: string;
  function: string;
  module: string;
  file?: string;
  line?: number;
}

export interface NativeAddon {
  /**
   * Patch GOT entries of every loaded object (idempotent; re-scans for new objects). `gate`: how other
   * threads' records are claimed for reads: 'membarrier' (the owners' fast path needs no fence), or
   * 'fence' (no membarrier, or LEAKPROOF_GATE_FENCE=1: each owner update fences).
   */
  install(): { patchedObjects: number; gate: 'membarrier' | 'fence' };
  /** Begin a new window: clears the live table and counters and starts recording. */
  start(options: StartOptions): void;
  /** Stop recording; the live table and counters stay frozen for inspection. */
  stop(): void;
  counters(): NativeCounters;
  /** peak := current and customPeak := customCurrent. */
  resetPeak(): void;
  threads(): NativeThreadStats[];
  liveByStack(): LiveStackGroup[];
  /** Totals of the live table without grouping (cheap: O(1)). */
  liveSummary(): NativeLiveSummary;
  /** Frames innermost first, tracker frames removed. */
  symbolize(stackId: number): NativeFrame[];
  /** Raw return addresses (hex), innermost first, without symbolization: cheap enough to call per sample. */
  stackAddresses(stackId: number): string[];
  isRecording(): boolean;
  /**
   * Histogram of the malloc-family / operator new allocations recorded in the current (or last) window,
   * freed or not, by power-of-two size class (16 B .. 1 GiB, then larger), and the stacks with the most
   * allocations. limit = max topStacks entries (default 20). stackIds work with symbolize/stackAddresses.
   */
  allocationProfile(limit?: number): NativeAllocationProfile;
  /**
   * Guard-page mode (see README "Guard pages for native code"): from now on a sample of malloc-family and operator new
   * allocations get page(s) of their own next to a PROT_NONE guard page, and freed ones stay inaccessible in a
   * quarantine. An overflow, underflow (align: 'left') or use-after-free then faults at the bad access and the process
   * dies with SIGSEGV after writing a report to stderr (and to the file named by LEAKPROOF_GUARD_REPORT). Requires
   * install(). The first call creates the pool: `slots` and `maxSize` are fixed from then on.
   */
  guardEnable(options?: GuardOptions): GuardStats;
  /** Stop guarding new allocations. Guarded blocks stay guarded until freed; freed ones stay in quarantine. */
  guardDisable(): void;
  guardStats(): GuardStats;
  /**
   * Parses the unsigned integers of the first `[..]` at or after `from` in a `.heapsnapshot` (its `nodes` or
   * `edges` array) into `target`, which must hold exactly as many. `end`: the index after the closing bracket.
   * Needs no install().
   */
  parseSnapshotNumbers(bytes: Uint8Array, from: number, target: Uint32Array): SnapshotNumbersResult;
  /**
   * Parses a `.heapsnapshot`'s `edges` array into one entry per edge of `type`, `name` and `target` (same length):
   * `layout` gives the offsets of type, name_or_index and to_node among `fields` numbers per edge, and `nodeFields`,
   * the length of node_fields (target = to_node / nodeFields, a node ordinal). Needs no install().
   */
  parseSnapshotEdges(bytes: Uint8Array, from: number, layout: SnapshotEdgeLayout, type: Uint8Array, name: Uint32Array, target: Uint32Array): SnapshotNumbersResult;
}

export interface SnapshotEdgeLayout {
  fields: number;
  type: number;
  name: number;
  toNode: number;
  nodeFields: number;
}

export type SnapshotNumbersResult = { end: number } | { problem: 'no-array' | 'too-few' | 'too-many'; parsed: number };

export interface GuardOptions {
  /** 1 (default) guards every allocation; N guards about one in N per thread. */
  sampleRate?: number;
  /** Freed blocks kept inaccessible before their slot is reused (default 256, at most `slots`). */
  quarantine?: number;
  /** Guarded blocks the pool can hold at once (default 1024); more pass through to malloc. */
  slots?: number;
  /** Largest guarded block in bytes (default 16384); larger ones pass through. */
  maxSize?: number;
  /** 'right' (default): blocks end at the guard page (overflows fault). 'left': blocks start after one (underflows). */
  align?: 'right' | 'left';
  /**
   * 'addons' (default): requests made directly by node itself (V8, libuv, node's own C++) are not guarded, so the pool
   * serves addons and the libraries they call. 'process': every request.
   */
  scope?: 'addons' | 'process';
}

export interface GuardStats {
  enabled: boolean;
  sampleRate: number;
  quarantine: number;
  slots: number;
  maxSize: number;
  align: 'right' | 'left';
  scope: 'addons' | 'process';
  /** Allocations placed in the guard pool so far in this process. */
  guarded: number;
  /** Sampled allocations that went to malloc because every slot was in use or in quarantine. */
  poolExhausted: number;
  inUse: number;
  quarantined: number;
  pageSize: number;
}

export type LoadNativeResult = { ok: true; addon: NativeAddon } | { ok: false; reason: string };

/** Load the addon. Never throws. */
export function loadNative(): LoadNativeResult;
/** Absolute path of the binary (e.g. for dlopen(RTLD_NOLOAD) + dlsym("leakproof_track")). */
export const binaryPath: string;
