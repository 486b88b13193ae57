import { create } from '@bufbuild/protobuf';
import type { Subscriber, Subscription } from '@tollgate/bus';
import { durables, subjects } from '@tollgate/events';
import { type CacheService, LookupResponseSchema } from '@tollgate/proto/cache';
import type { ServiceApi } from '@tollgate/rpc';
import { Registry, type Logger } from '@tollgate/telemetry';
import { cacheKey } from './domain/key.ts';
import { fillHandler } from './handlers.ts';
import type { CacheStore } from './store.ts';

export interface CacheDeps {
  store: CacheStore;
  subscriber: Subscriber;
  logger: Logger;
  ttlSeconds: number;
  /** Where the cache's metrics go (a private registry when omitted). */
  registry?: Registry;
  /** Clock for TTL accounting; defaults to Date.now. */
  now?: () => number;
  /** Overrides of the durable and subject filter, so tests can isolate themselves on a shared NATS. */
  names?: { durable?: string; filter?: string };
}

export interface Cache {
  api: ServiceApi<typeof CacheService>;
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

/**
 * The exact cache. Lookups read the store only (never the bus); fills arrive from RequestCompleted events on
 * the durable `cache-fill` consumer. stop() ends the consumer; the store belongs to the caller.
 */
export async function createCache(deps: CacheDeps): Promise<Cache> {
  const registry = deps.registry ?? new Registry();
  const lookups = registry.counter('tg_cache_lookups_total', 'Cache lookups by result (hit, miss, uncacheable)');
  const fills = registry.counter('tg_cache_fills_total', 'Cache fill events by result (stored, skipped, termed, failed)');
  // A fresh message per answer: callers own what they are given.
  const miss = () => create(LookupResponseSchema, { hit: false });

  let sub: Subscription | undefined = await deps.subscriber.consume(
    {
      durable: deps.names?.durable ?? durables.cacheFill,
      filter: deps.names?.filter ?? subjects.requestCompletedAll,
      maxBatch: 64,
      maxWaitMs: 50,
    },
    fillHandler({ store: deps.store, logger: deps.logger, ttlSeconds: deps.ttlSeconds, now: deps.now ?? Date.now, fills }),
  );

  const api: ServiceApi<typeof CacheService> = {
    async lookup(req) {
      const key = cacheKey(req.projectId, req.request);
      if (!key) {
        lookups.inc({ result: 'uncacheable' });
        return miss();
      }
      const v = await deps.store.get(key);
      lookups.inc({ result: v ? 'hit' : 'miss' });
      return v ? create(LookupResponseSchema, { hit: true, ...v }) : miss();
    },
  };

  return {
    api,
    async stop() {
      const s = sub;
      sub = undefined;
      await s?.stop();
    },
    async health() {
      return { store: (await deps.store.healthy()) ? 'up' : 'down', fill: sub ? 'up' : 'down' };
    },
  };
}
