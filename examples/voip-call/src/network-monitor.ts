// Network quality events (e.g. from RTCP receiver reports). Listeners are removed through the function
// subscribe() returns: whoever subscribes owns that function and must call it.

export type NetworkQuality = 'good' | 'fair' | 'poor';
export type QualityListener = (quality: NetworkQuality) => void;

export class NetworkMonitor {
  private readonly listeners = new Set<QualityListener>();

  /** Adds `listener`; returns the function that removes it. */
  subscribe(listener: QualityListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  report(quality: NetworkQuality): void {
    for (const listener of this.listeners) listener(quality);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
