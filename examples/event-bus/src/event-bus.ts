// An app-wide typed event bus. on() returns a Disposable: the subscriber owns it and must dispose it.

export interface Disposable {
  dispose(): void;
}

export class EventBus<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<Name extends keyof Events>(name: Name, handler: (payload: Events[Name]) => void): Disposable {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler);
    return {
      dispose: () => {
        set.delete(handler);
      },
    };
  }

  emit<Name extends keyof Events>(name: Name, payload: Events[Name]): void {
    for (const handler of this.handlers.get(name) ?? []) (handler as (payload: Events[Name]) => void)(payload);
  }

  listenerCount(name: keyof Events): number {
    return this.handlers.get(name)?.size ?? 0;
  }
}
