import { describe, expect, test } from 'vitest';
import { createProductHandler, fullUrlKey, LruCache, pathKey, UnboundedCache } from '../src/product-handler.js';

let requestId = 0;
/** Real traffic: a few hundred products, each request with its own tracking parameter. */
const nextRequest = () => ({ method: 'GET', url: `/products/${requestId % 300}?utm_id=${requestId++}` });

describe('product handler cache', () => {
  test('leaky: a full-URL key in an unbounded Map grows with every request (caught)', async () => {
    const handler = createProductHandler({ cache: new UnboundedCache(), keyOf: fullUrlKey });
    await expect(expect(() => handler(nextRequest())).toNotLeak()).rejects.toThrow(/heap {5}LEAK[\s\S]*UnboundedCache\.entries \(Map\)/);
  });

  test('fixed: path key and a bounded LRU plateau (passes)', async () => {
    const handler = createProductHandler({ cache: new LruCache(500), keyOf: pathKey });
    await expect(() => handler(nextRequest())).toNotLeak();
  });

  test('fixed, even with the full-URL key: the LRU bound holds (passes)', async () => {
    const handler = createProductHandler({ cache: new LruCache(200), keyOf: fullUrlKey });
    await expect(() => handler(nextRequest())).toNotLeak();
  });
});
