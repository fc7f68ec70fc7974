/** A weak handle on an object whose collection a test asserts: `await expect(track(obj, 'session')).toBeCollected()`. */
export class CollectionProbe {
  readonly ref: WeakRef<object>;

  constructor(
    target: object,
    readonly label: string,
  ) {
    this.ref = new WeakRef(target);
  }
}

/** Tracks `target` weakly under a label for `toBeCollected`; the probe does not keep it alive. */
export function track(target: object, label = 'tracked object'): CollectionProbe {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) {
    throw new TypeError(`track(target, label): target must be an object or function; received ${target === null ? 'null' : typeof target}`);
  }
  return new CollectionProbe(target, label);
}
