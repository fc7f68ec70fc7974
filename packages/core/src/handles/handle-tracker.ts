import { createHook, type AsyncHook } from 'node:async_hooks';

/** A resource that can keep the event loop alive (it has `hasRef()`), created while the tracker was recording. */
export interface TrackedHandle {
  asyncId: number;
  /** async_hooks type: 'Timeout', 'TCPSERVERWRAP', 'TCPWRAP', 'FSEVENTWRAP', 'PROCESSWRAP', 'PIPEWRAP', ... */
  type: string;
  /** The probe call (0-based) in flight, or last settled, when the resource was created. */
  call: number;
  resource: HandleResource;
  /** Holds the creation stack; V8 formats it lazily, so only reported handles pay for the formatting. */
  stackHolder: { stack?: string };
  /** The async resource in whose callback this one was created (async_hooks triggerAsyncId). */
  triggerAsyncId: number;
}

/** Any non-promise resource created while recording (ticks, requests, handles): links a handle to the code that scheduled it. */
export interface AsyncOrigin {
  type: string;
  triggerAsyncId: number;
  stackHolder: { stack?: string };
}

export interface HandleResource {
  hasRef(): boolean;
  /** Set on Timeouts once cleared or fired. */
  _destroyed?: boolean;
  /** Set on Timeouts: the repeat interval of a setInterval, null for a setTimeout. */
  _repeat?: number | null;
  _idleTimeout?: number;
}

/** Frames kept per creation stack: node's own frames (net, timers, child_process) come before the caller's. */
const CREATION_STACK_FRAMES = 40;

/**
 * Follows handle resources through async_hooks: `init` records each new resource that has `hasRef()` (timers,
 * immediates and libuv handles; requests and promises have none) with its creation stack, `destroy` forgets it.
 * Node emits `destroy` once a timer is cleared or fired and once a handle's close completed.
 */
export class HandleTracker {
  /** The probe call in progress; stamped on every handle created meanwhile. */
  call = 0;
  private readonly live = new Map<number, TrackedHandle>();
  /** Kept after destroy (a tick is gone by the time its handle is reported); cleared by dispose. */
  private readonly origins = new Map<number, AsyncOrigin>();
  private readonly hook: AsyncHook;
  private recording = false;

  constructor() {
    this.hook = createHook({
      init: (asyncId, type, triggerAsyncId, resource) => this.onInit(asyncId, type, triggerAsyncId, resource),
      destroy: (asyncId) => {
        this.live.delete(asyncId);
      },
    });
  }

  /** Enables the hook and records new handles until `stopRecording`. */
  start(): void {
    this.recording = true;
    this.hook.enable();
  }

  /** No more new handles are recorded; destroys still remove recorded ones. */
  stopRecording(): void {
    this.recording = false;
  }

  dispose(): void {
    this.recording = false;
    this.hook.disable();
    this.live.clear();
    this.origins.clear();
  }

  /** The resource created while recording with this async id, if any (handles and the ticks/requests that led to them). */
  origin(asyncId: number): AsyncOrigin | undefined {
    return this.origins.get(asyncId);
  }

  /** Recorded handles that are still open and keep the event loop alive (ref'd). */
  active(): TrackedHandle[] {
    return [...this.live.values()].filter((handle) => isActive(handle.resource));
  }

  private onInit(asyncId: number, type: string, triggerAsyncId: number, resource: object): void {
    if (!this.recording || type === 'PROMISE') return;
    const stackHolder: { stack?: string } = {};
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = CREATION_STACK_FRAMES;
    try {
      Error.captureStackTrace(stackHolder);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.origins.set(asyncId, { type, triggerAsyncId, stackHolder });
    if (typeof (resource as Partial<HandleResource>).hasRef !== 'function') return;
    this.live.set(asyncId, { asyncId, type, call: this.call, resource: resource as HandleResource, stackHolder, triggerAsyncId });
  }
}

/** Open and ref'd: a cleared/fired timer, a closed handle and an unref'd one (it keeps nothing alive) are not. */
function isActive(resource: HandleResource): boolean {
  if (resource._destroyed === true) return false;
  try {
    return resource.hasRef() === true;
  } catch {
    return false;
  }
}
