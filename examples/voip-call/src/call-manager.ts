// Places and ends calls. Ownership rules (the weak-reference pattern done right):
// - the manager holds its delegate (the UI) through a WeakRef: a closed screen is not kept alive by the manager;
// - every listener and timer a call sets up is undone by endCall() (CallSession.onEnd);
// - a session dropped without endCall() still hangs up its native call (FinalizationRegistry safety net).
import { CallSession, type CallSummary } from './call-session.js';
import { NO_DEFECTS, type Defects } from './defects.js';
import { voipAddon, type NativeCall } from './native.js';
import type { NetworkMonitor, NetworkQuality } from './network-monitor.js';

/** Callbacks to the UI. Held weakly by the manager. */
export interface CallDelegate {
  callStarted?(session: CallSession): void;
  callEnded?(summary: CallSummary): void;
  qualityReport?(session: CallSession, quality: NetworkQuality): void;
}

export class CallFailedError extends Error {
  constructor(
    readonly number: string,
    readonly reason: 'busy',
    options?: ErrorOptions,
  ) {
    super(`call to ${number} failed: ${reason}`, options);
    this.name = 'CallFailedError';
  }
}

/** How often a call sends its quality report (RTCP-style) while it is up. */
export const QUALITY_REPORT_INTERVAL_MS = 5_000;

export interface CallManagerOptions {
  network: NetworkMonitor;
  /** Planted defects (see defects.ts); none by default. */
  defects?: Defects;
}

export class CallManager {
  private readonly network: NetworkMonitor;
  private readonly defects: Defects;
  private readonly sessions = new Map<string, CallSession>();
  private delegateRef: WeakRef<CallDelegate> | undefined;
  private nextId = 0;
  private readonly abandoned = new FinalizationRegistry<NativeCall>((native) => {
    if (!native.ended) native.endCall();
  });

  constructor(options: CallManagerOptions) {
    this.network = options.network;
    this.defects = options.defects ?? NO_DEFECTS;
    voipAddon.setDefects({ pool: this.defects.pool, codec: this.defects.codec });
  }

  set delegate(delegate: CallDelegate | undefined) {
    this.delegateRef = delegate ? new WeakRef(delegate) : undefined;
  }

  get delegate(): CallDelegate | undefined {
    return this.delegateRef?.deref();
  }

  get activeCalls(): number {
    return this.sessions.size;
  }

  /** Dials `number`; throws CallFailedError when the callee is busy. */
  startCall(number: string): CallSession {
    const native = dial(number);
    const session = new CallSession(`call-${++this.nextId}`, number, native);

    // The session follows network quality (a closure that holds the session).
    const onQualityChange = (quality: NetworkQuality): void => session.adaptTo(quality);
    const unsubscribe = this.network.subscribe(onQualityChange);
    if (!this.defects.listener) session.onEnd(unsubscribe); // VOIP_DEFECT_LISTENER: with the defect, never unsubscribed

    // A quality report every 5 s while the call is up.
    const sendReport = (): void => this.sendQualityReport(session);
    const reportTimer = setInterval(sendReport, QUALITY_REPORT_INTERVAL_MS).unref();
    if (!this.defects.timer) session.onEnd(() => clearInterval(reportTimer)); // VOIP_DEFECT_TIMER: with the defect, never cleared

    this.sessions.set(session.id, session);
    this.abandoned.register(session, native, session);
    this.delegate?.callStarted?.(session);
    return session;
  }

  endCall(session: CallSession): CallSummary {
    const summary = session.end();
    this.sessions.delete(session.id);
    this.abandoned.unregister(session);
    this.delegate?.callEnded?.(summary);
    return summary;
  }

  private sendQualityReport(session: CallSession): void {
    session.qualityReports++;
    this.delegate?.qualityReport?.(session, session.quality);
  }
}

function dial(number: string): NativeCall {
  try {
    return voipAddon.startCall(number);
  } catch (error) {
    // Not `instanceof Error`: the addon's errors come from Node's main realm, and Jest runs tests in a vm context.
    if (codeOf(error) === 'CALL_BUSY') throw new CallFailedError(number, 'busy', { cause: error });
    throw error;
  }
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
