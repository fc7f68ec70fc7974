import inspector from 'node:inspector';

/** One in-process DevTools protocol session, with promise-returning `post` and typed event listeners. */
export class InspectorSession {
  private readonly session = new inspector.Session();
  private connected = false;

  connect(): this {
    if (!this.connected) {
      this.session.connect();
      this.connected = true;
    }
    return this;
  }

  post<TResult = Record<string, unknown>>(method: string, params: object = {}): Promise<TResult> {
    return new Promise((resolve, reject) => {
      this.session.post(method, params, (error: Error | null, result: unknown) => {
        if (error) reject(new Error(`inspector ${method} failed: ${error.message}`, { cause: error }));
        else resolve(result as TResult);
      });
    });
  }

  /** Subscribes to a protocol event (e.g. 'Debugger.scriptParsed'); returns the unsubscribe function. */
  on<TParams>(event: string, listener: (params: TParams) => void): () => void {
    const handler = (message: { params: TParams }): void => listener(message.params);
    this.session.on(event, handler);
    return () => {
      this.session.off(event, handler);
    };
  }

  disconnect(): void {
    if (!this.connected) return;
    this.connected = false;
    this.session.disconnect();
  }
}
