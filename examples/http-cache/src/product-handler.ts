// A product API handler that caches rendered responses. The leaky cache keys on the full URL, query string
// included, so every request with a unique parameter (a tracking id, a cache-buster) adds an entry forever.

export interface HttpRequest {
  method: string;
  /** Path and query, e.g. `/products/42?utm=abc`. */
  url: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The cache a handler uses: an unbounded Map or a bounded LRU. */
export interface ResponseCache {
  get(key: string): HttpResponse | undefined;
  set(key: string, response: HttpResponse): void;
  readonly size: number;
}

/** Leaky: keeps every response, keyed by the full URL. */
export class UnboundedCache implements ResponseCache {
  private readonly entries = new Map<string, HttpResponse>();
  get(key: string): HttpResponse | undefined {
    return this.entries.get(key);
  }
  set(key: string, response: HttpResponse): void {
    this.entries.set(key, response);
  }
  get size(): number {
    return this.entries.size;
  }
}

/** Fixed: at most `capacity` entries, least recently used evicted first. */
export class LruCache implements ResponseCache {
  private readonly entries = new Map<string, HttpResponse>();
  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LruCache: capacity must be an integer >= 1; received ${capacity}`);
  }
  get(key: string): HttpResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, response: HttpResponse): void {
    this.entries.delete(key);
    this.entries.set(key, response);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
  get size(): number {
    return this.entries.size;
  }
}

export interface ProductHandlerOptions {
  cache: ResponseCache;
  /** Cache key of a request: the full URL (leaky with unique query strings) or only its path. */
  keyOf?: (request: HttpRequest) => string;
}

export const fullUrlKey = (request: HttpRequest): string => request.url;
export const pathKey = (request: HttpRequest): string => new URL(request.url, 'http://localhost').pathname;

/** GET /products/:id -> a JSON body, served from the cache when it can. */
export function createProductHandler(options: ProductHandlerOptions): (request: HttpRequest) => HttpResponse {
  const keyOf = options.keyOf ?? pathKey;
  return (request) => {
    const match = /^\/products\/(\d+)/.exec(request.url);
    if (request.method !== 'GET' || !match) return { status: 404, headers: {}, body: '' };
    const key = keyOf(request);
    const cached = options.cache.get(key);
    if (cached) return cached;
    const id = Number(match[1]);
    const response: HttpResponse = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, name: `Product ${id}`, price: (id % 97) + 0.99 }),
    };
    options.cache.set(key, response);
    return response;
  };
}
