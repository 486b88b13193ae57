import { hashApiKey, type KeyIdentity } from '@tollgate/db';
import { GatewayError } from '@tollgate/errors';
import { bearerToken } from './domain/bearer.ts';

/** Who a key is: its id and project, and (from the metadata store) its limits, allowed models and expiry. */
export type ApiKeyIdentity = Pick<KeyIdentity, 'keyId' | 'projectId'> & Partial<Omit<KeyIdentity, 'keyId' | 'projectId'>>;

/** Looks a key up by its SHA-256 hex hash in the metadata store (Postgres or PGlite). */
export type KeyLookup = (hash: string) => Promise<ApiKeyIdentity | undefined>;

export interface KeyCacheOptions {
  /** How long a found key is trusted without asking the store again. */
  ttlMs: number;
  /** How long an unknown key is remembered as unknown (protects the store from floods of bad keys). */
  negativeTtlMs: number;
  maxEntries: number;
  now: () => number;
}

/**
 * Authenticates project keys with no I/O on the hot path: identities are cached in memory by key hash. Keys
 * are high-entropy random strings, so the hash is a safe cache key and lookups by hash are constant-time in effect.
 */
export function createKeyAuth(lookup: KeyLookup, opts: KeyCacheOptions) {
  const cache = new Map<string, { identity: ApiKeyIdentity | undefined; expires: number }>();
  const inflight = new Map<string, Promise<ApiKeyIdentity | undefined>>();

  async function resolve(hash: string): Promise<ApiKeyIdentity | undefined> {
    const now = opts.now();
    const hit = cache.get(hash);
    if (hit && hit.expires > now) return hit.identity;
    let p = inflight.get(hash);
    if (!p) {
      p = lookup(hash).finally(() => inflight.delete(hash));
      inflight.set(hash, p);
    }
    const identity = await p;
    if (cache.size >= opts.maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(hash, { identity, expires: now + (identity ? opts.ttlMs : opts.negativeTtlMs) });
    return identity;
  }

  return {
    /** The identity behind `Authorization: Bearer tg_...`, or a 401. */
    async authenticate(authorization: string | undefined): Promise<ApiKeyIdentity> {
      const token = bearerToken(authorization);
      if (!token) throw new GatewayError('unauthorized', 'missing API key: send `Authorization: Bearer tg_...`');
      const hash = token.startsWith('tg_') && token.length <= 128 ? hashApiKey(token) : undefined;
      const identity = hash ? await resolve(hash) : undefined;
      if (!identity) throw new GatewayError('unauthorized', 'invalid API key');
      // A cached identity must stop working at its expiry, not when the cache entry does.
      if (identity.expiresAt && identity.expiresAt.getTime() <= opts.now()) {
        cache.delete(hash!);
        throw new GatewayError('unauthorized', 'this API key has expired');
      }
      return identity;
    },
    /** Drops a cached identity (a revoked or rotated key). */
    forget(hash: string): void {
      cache.delete(hash);
    },
  };
}
