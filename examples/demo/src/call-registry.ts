export interface Call {
  id: string;
  number: string;
  startedAt: number;
  jitter: Float64Array;
}

export interface CallSummary {
  id: string;
  number: string;
  durationMs: number;
}

/** Keeps active calls and a bounded log of recent ones. `keepEveryCall` plants the demo's leak. */
export class CallRegistry {
  private readonly active = new Map<string, Call>();
  private readonly recent: CallSummary[] = [];
  private nextId = 0;

  constructor(private readonly options: { recentLimit: number; keepEveryCall?: boolean }) {}

  start(number: string): Call {
    const call: Call = { id: `call-${this.nextId++}`, number, startedAt: Date.now(), jitter: new Float64Array(32) };
    this.active.set(call.id, call);
    return call;
  }

  end(id: string): CallSummary {
    const call = this.active.get(id);
    if (!call) throw new Error(`no active call ${id}`);
    this.active.delete(id);
    const summary = { id, number: call.number, durationMs: Date.now() - call.startedAt };
    this.recent.push(summary);
    // The planted bug: "keep every call for the dashboard" forgets the bound.
    if (!this.options.keepEveryCall && this.recent.length > this.options.recentLimit) this.recent.shift();
    return summary;
  }

  get activeCount(): number {
    return this.active.size;
  }
}
