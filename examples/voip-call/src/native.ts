// Typed access to the C++ addon (addon/src): call sessions with a jitter buffer, pooled audio buffers and a codec.
import loader from '../addon/index.cjs';

export interface FrameStats {
  /** Frames that left the jitter buffer and were played out. */
  played: number;
  /** Frames dropped because the audio buffer pool was exhausted. */
  dropped: number;
  /** Mean RMS level of the played frames. */
  rms: number;
}

/** One native call. processFrames() decodes on a libuv worker thread; endCall() frees everything. */
export interface NativeCall {
  processFrames(count: number): Promise<FrameStats>;
  endCall(): void;
  readonly ended: boolean;
}

export interface NativeStats {
  activeCalls: number;
  buffersInUse: number;
  poolCapacity: number;
  codecStates: number;
}

export interface NativeDefects {
  /** hangup keeps its flush buffer instead of returning it to the pool */
  pool: boolean;
  /** a failed dial forgets to close the codec state it opened */
  codec: boolean;
}

export interface VoipAddon {
  /** Throws an Error with `code: 'CALL_BUSY'` when the callee is busy (numbers ending in "BUSY"). */
  startCall(number: string): NativeCall;
  setDefects(defects: NativeDefects): void;
  stats(): NativeStats;
}

export const voipAddon = loader.load() as VoipAddon;
