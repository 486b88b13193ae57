// Distributed entry point of the cache: gRPC tollgate.v1.CacheService on CACHE_ADDR, /health and /metrics on
// HEALTH_ADDR, filled from the event stream. The only file of this service that reads configuration.
import { connectBus } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { ensureStreams } from '@tollgate/events';
import { CacheService } from '@tollgate/proto/cache';
import { grpcServer, listen, shutdown } from '@tollgate/rpc';
import { createLogger, onShutdown, Registry, serveOps } from '@tollgate/telemetry';
import { createCache } from './cache.ts';

import { createMemoryStore } from './memory-store.ts';
import { createRedisStore } from './redis-store.ts';
import type { CacheStore } from './store.ts';

/** Memory budget of the embedded store when there is no Redis. */
const MEMORY_STORE_BYTES = 256 * 1024 * 1024;

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, base: { service: 'cache' } });
const registry = new Registry();

const store: CacheStore = config.redisUrl
  ? await createRedisStore({ url: config.redisUrl, logger, errors: registry.counter('tg_cache_store_errors_total', 'Cache store errors by operation') })
  : createMemoryStore({ maxEntries: config.cacheMaxEntries, maxBytes: MEMORY_STORE_BYTES });
if (!config.natsUrl) logger.warn('NATS_URL is not set: the cache is filled from an in-process bus that nothing publishes to');
const bus = await connectBus(config.natsUrl, { onError: (err) => logger.error('cache fill failed; the batch will be redelivered', { err }) });
await ensureStreams(bus);

const cache = await createCache({ store, subscriber: bus, logger, ttlSeconds: config.cacheTtlSeconds, registry });
const server = grpcServer([{ service: CacheService, impl: cache.api }], { onError: (err, path) => logger.error('rpc failed', { path, err }) });
await listen(server, config.cacheAddr);
const health = await serveOps(config.healthAddr ?? '127.0.0.1:9091', { health: cache.health, metrics: () => registry.render() });
logger.info('cache listening', { addr: config.cacheAddr, healthAddr: config.healthAddr ?? '127.0.0.1:9091', store: config.redisUrl ? 'redis' : 'memory' });

// Stop answering first (in-flight lookups finish), then stop filling, then release the connections.
onShutdown(logger, config.shutdownGraceMs, async () => {
  await shutdown(server, Math.max(0, config.shutdownGraceMs - 2_000));
  await cache.stop();
  await Promise.allSettled([health.close(), bus.close(), store.close()]);
});
