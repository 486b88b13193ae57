// The cache store port. Implementations: memory-store.ts (embedded default), redis-store.ts (REDIS_URL). Both
// pass store-contract.ts.

export interface CachedResponse {
  /** The bytes the client received (a JSON body, or the whole SSE stream for a streamed request). */
  response: Uint8Array;
  contentType: string;
  provider: string;
  model: string;
}

export interface CacheStore {
  /**
   * The live entry under key, or undefined. Never rejects: a store outage is a miss (the request path must not
   * fail because the cache is down). The returned value is shared: callers must not mutate it.
   */
  get(key: string): Promise<CachedResponse | undefined>;
  /**
   * Stores value for ttlSeconds (may be fractional; a value <= 0 stores nothing). The store keeps its own copy.
   * Rejects when the store could not take the entry (the caller decides whether to retry).
   */
  set(key: string, value: CachedResponse, ttlSeconds: number): Promise<void>;
  /** Whether the store is currently reachable (always true in memory). */
  healthy(): Promise<boolean>;
  close(): Promise<void>;
}
