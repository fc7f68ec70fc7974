// The JavaScript side of one call: wraps the native call, counts frames, and runs its cleanups on end().
import type { NetworkQuality } from './network-monitor.js';
import type { FrameStats, NativeCall } from './native.js';

export interface CallSummary {
  id: string;
  number: string;
  durationMs: number;
  framesPlayed: number;
  qualityReports: number;
}

export class CallSession {
  readonly startedAt = Date.now();
  framesPlayed = 0;
  qualityReports = 0;
  quality: NetworkQuality = 'good';
  /** The native call; dropped on end() so an ended session holds no native memory. */
  private native: NativeCall | undefined;
  /** What must be undone when the call ends (listeners, timers), run once by end(). */
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly id: string,
    readonly number: string,
    native: NativeCall,
  ) {
    this.native = native;
  }

  get ended(): boolean {
    return this.native === undefined;
  }

  /** Decodes `count` 20 ms frames on a libuv worker thread. */
  async processFrames(count: number): Promise<FrameStats> {
    if (!this.native) throw new Error(`processFrames(): call ${this.id} has ended`);
    const stats = await this.native.processFrames(count);
    this.framesPlayed += stats.played;
    return stats;
  }

  adaptTo(quality: NetworkQuality): void {
    this.quality = quality;
  }

  onEnd(cleanup: () => void): void {
    this.cleanups.push(cleanup);
  }

  end(): CallSummary {
    if (!this.native) throw new Error(`end(): call ${this.id} has already ended`);
    this.native.endCall();
    this.native = undefined;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    return { id: this.id, number: this.number, durationMs: Date.now() - this.startedAt, framesPlayed: this.framesPlayed, qualityReports: this.qualityReports };
  }
}
