import type { CachedResponse, CacheStore } from './store.ts';

// The embedded cache store: an LRU bounded by entry count and by total bytes, with per-entry expiry. get is on
// the request path: one Map lookup, an expiry check and a re-insert to mark recency; no allocation.

export interface MemoryStoreOptions {
  maxEntries: number;
  /** Upper bound on the bytes held (bodies plus key and metadata); an entry larger than this is not stored. */
  maxBytes: number;
  /** Clock, for tests; defaults to Date.now. */
  now?: () => number;
}

interface Entry {
  value: CachedResponse;
  expiresAt: number;
  size: number;
}

/** Rough per-entry bookkeeping cost (Map slot, entry object, value object), so tiny entries still count. */
const OVERHEAD_BYTES = 128;

export function createMemoryStore(opts: MemoryStoreOptions): CacheStore & { readonly size: number; readonly bytes: number } {
  const now = opts.now ?? Date.now;
  // Map iteration order is insertion order: the first key is the least recently used.
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string, e: Entry) => {
    entries.delete(key);
    bytes -= e.size;
  };

  return {
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    async get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expiresAt <= now()) {
        remove(key, e);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, e);
      return e.value;
    },
    async set(key, value, ttlSeconds) {
      const old = entries.get(key);
      if (old) remove(key, old);
      if (!(ttlSeconds > 0) || opts.maxEntries <= 0) return;
      const size = OVERHEAD_BYTES + 2 * (key.length + value.contentType.length + value.provider.length + value.model.length) + value.response.byteLength;
      if (size > opts.maxBytes) return;
      // Copy: the caller's bytes are often a view into a much larger buffer (a decoded event) that we must not pin.
      const copy: CachedResponse = { response: value.response.slice(), contentType: value.contentType, provider: value.provider, model: value.model };
      entries.set(key, { value: copy, expiresAt: now() + ttlSeconds * 1000, size });
      bytes += size;
      for (const [k, e] of entries) {
        if (entries.size <= opts.maxEntries && bytes <= opts.maxBytes) break;
        remove(k, e);
      }
    },
    async healthy() {
      return true;
    },
    async close() {
      entries.clear();
      bytes = 0;
    },
  };
}
