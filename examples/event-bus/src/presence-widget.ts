// A UI widget that shows a contact's presence. mount() subscribes to the bus; unmount() must dispose.
import type { Disposable, EventBus } from './event-bus.js';

export interface AppEvents extends Record<string, unknown> {
  presence: { contact: string; online: boolean };
}

export class PresenceWidget {
  online = false;
  /** Rendered rows, the widget's own state (what a leaked widget keeps alive). */
  readonly rows: string[] = [];
  private subscription: Disposable | undefined;

  constructor(
    private readonly bus: EventBus<AppEvents>,
    readonly contact: string,
    /** The planted bug: unmount() forgets the subscription. */
    private readonly forgetToDispose = false,
  ) {}

  mount(): void {
    this.subscription = this.bus.on('presence', (event) => {
      if (event.contact !== this.contact) return;
      this.online = event.online;
      this.rows.push(`${this.contact} is ${event.online ? 'online' : 'away'}`);
    });
  }

  unmount(): void {
    if (!this.forgetToDispose) this.subscription?.dispose();
    this.subscription = undefined;
  }
}
