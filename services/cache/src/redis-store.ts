import { once } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from '@tollgate/telemetry';
import type { Counter } from '@tollgate/telemetry';
import { decodeEntry, encodeEntry } from './domain/entry-codec.ts';
import type { CacheStore } from './store.ts';

// The Redis cache store. Hazard: get runs on the request path, so a slow or absent Redis must cost a bounded
// few milliseconds, never a failed request: commands are not queued while disconnected (they fail at once), each
// has a timeout, and a failed get is a miss that is counted and logged.

export interface RedisStoreOptions {
  url: string;
  /** Prepended to every key (default `tg:cache:`); tests use a random one. */
  prefix?: string;
  logger: Logger;
  /** Counts store errors by operation (label `op`). */
  errors?: Counter;
  /** Per-command timeout (default 100 ms). */
  commandTimeoutMs?: number;
  /** How long start-up waits for the first connection before going on without it (default 2 s). */
  connectWaitMs?: number;
}

export async function createRedisStore(opts: RedisStoreOptions): Promise<CacheStore> {
  const prefix = opts.prefix ?? 'tg:cache:';
  const redis = new Redis(opts.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs ?? 100,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let failing = false;
  const failed = (op: string, err: unknown) => {
    opts.errors?.inc({ op });
    // Log the first failure of an outage loudly and the rest quietly, so an outage does not flood the log.
    (failing ? opts.logger.debug : opts.logger.warn)('cache store error', { op, err });
    failing = true;
  };
  redis.on('error', (err) => failed('connection', err));
  redis.on('ready', () => {
    if (failing) opts.logger.info('cache store reconnected');
    failing = false;
  });
  const wait = AbortSignal.timeout(opts.connectWaitMs ?? 2_000);
  await once(redis, 'ready', { signal: wait }).catch(() => opts.logger.warn('cache store not reachable yet; lookups miss until it is'));

  return {
    async get(key) {
      try {
        const raw = await redis.getBuffer(prefix + key);
        return raw ? decodeEntry(raw) : undefined;
      } catch (err) {
        failed('get', err);
        return undefined;
      }
    },
    async set(key, value, ttlSeconds) {
      const ms = Math.ceil(ttlSeconds * 1000);
      if (!(ms > 0)) return;
      const bytes = encodeEntry(value);
      try {
        await redis.set(prefix + key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'PX', ms);
      } catch (err) {
        failed('set', err);
        throw new Error('cache store set failed', { cause: err });
      }
    },
    async healthy() {
      return redis.status === 'ready';
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
