import type { KvBucket, KvStore } from './types.ts';

type Watcher = (key: string, value: Uint8Array | undefined) => void;

export interface MemoryKvOptions {
  /** Clock, for tests (default Date.now). */
  now?: () => number;
  /** Receives what a watcher threw; a watcher's failure never fails the put or delete that triggered it. */
  onError?: (err: unknown) => void;
}

/**
 * In-process KvStore. A bucket's ttlMs applies to every entry from its last put; like a NATS 2.9 bucket max_age,
 * an expired entry just disappears (watchers are not told). Asking again for a bucket returns the same one and
 * updates its ttl.
 */
export function createMemoryKv(opts: MemoryKvOptions = {}): KvStore {
  const now = opts.now ?? Date.now;
  const buckets = new Map<string, { bucket: KvBucket; setTtl(ttlMs: number | undefined): void }>();
  return {
    async bucket(name, o) {
      let b = buckets.get(name);
      if (!b) buckets.set(name, (b = memoryBucket(now, opts.onError ?? (() => {}))));
      b.setTtl(o?.ttlMs);
      return b.bucket;
    },
  };
}

function memoryBucket(now: () => number, onError: (err: unknown) => void) {
  let ttlMs: number | undefined;
  /** Map order is last-put order (a put re-inserts), so the entries to expire first are at the front. */
  const entries = new Map<string, { value: Uint8Array; at: number }>();
  const watchers = new Set<Watcher>();

  function expire(): void {
    if (ttlMs === undefined) return;
    const cutoff = now() - ttlMs;
    for (const [k, e] of entries) {
      if (e.at > cutoff) break;
      entries.delete(k);
    }
  }

  function notify(key: string, value: Uint8Array | undefined): void {
    for (const w of watchers) {
      try {
        w(key, value);
      } catch (err) {
        onError(err);
      }
    }
  }

  const bucket: KvBucket = {
    async get(key) {
      expire();
      return entries.get(key)?.value;
    },
    async put(key, value) {
      expire();
      entries.delete(key);
      entries.set(key, { value, at: now() });
      notify(key, value);
    },
    async delete(key) {
      expire();
      entries.delete(key);
      notify(key, undefined);
    },
    async watch(onChange) {
      expire();
      for (const [k, e] of entries) onChange(k, e.value);
      watchers.add(onChange);
      return () => {
        watchers.delete(onChange);
      };
    },
  };
  return {
    bucket,
    setTtl(t: number | undefined) {
      ttlMs = t && t > 0 ? t : undefined;
    },
  };
}
