// The composition root of all-in-one mode: the six services in one process, bound in-process (the cache and
// router APIs are plain function calls; events go through the in-process bus unless NATS_URL is set). Each
// backend is embedded unless its URL is configured.
import fs from 'node:fs';
import { createAlerts } from '@tollgate/alerts';
import { createApi, MIGRATIONS_DIR as PG_MIGRATIONS, resolveAdminKey } from '@tollgate/api';
import { connectBus, connectKv } from '@tollgate/bus';
import { createCache, createMemoryStore, createRedisStore } from '@tollgate/cache';
import type { Config } from '@tollgate/config';
import { createClickHouse, createPostgres, findKeyByHash, migrateClickHouse, migratePostgres } from '@tollgate/db';
import { buckets, EVENTS_STREAM, EVENTS_SUBJECTS } from '@tollgate/events';
import { createIngest, MIGRATIONS_DIR as CH_MIGRATIONS } from '@tollgate/ingest';
import { createIngress, knownModels, serveGateway } from '@tollgate/ingress';
import { createRouter, watchCircuits } from '@tollgate/router';
import { drainBudget, type Logger, Registry } from '@tollgate/telemetry';

/** Memory budget of the embedded cache store. */
const MEMORY_CACHE_BYTES = 256 * 1024 * 1024;

export interface Gateway {
  handler: ReturnType<typeof createIngress>['handler'];
  metrics: Registry;
  /** Set when no admin key was configured and none was stored: shown once to the operator. */
  generatedAdminKey: string | undefined;
  stop(): Promise<void>;
}

export async function composeGateway(config: Config, logger: Logger): Promise<Gateway> {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const metrics = new Registry();
  const onError = (err: unknown) => logger.warn('bus error', { err });
  const bus = await connectBus(config.natsUrl, { onError });
  await bus.ensureStream(EVENTS_STREAM, EVENTS_SUBJECTS);
  const kv = await connectKv(config.natsUrl, { onError });

  const pg = await createPostgres({ url: config.databaseUrl, dataDir: config.dataDir });
  await migratePostgres(pg.db, PG_MIGRATIONS);
  const clickhouse = await createClickHouse({ url: config.clickhouseUrl, dataDir: config.dataDir });
  await migrateClickHouse(clickhouse, CH_MIGRATIONS);
  const admin = await resolveAdminKey(pg.db, config.adminKey);

  const store = config.redisUrl
    ? await createRedisStore({ url: config.redisUrl, logger })
    : createMemoryStore({ maxEntries: config.cacheMaxEntries, maxBytes: MEMORY_CACHE_BYTES });
  const cache = await createCache({ store, subscriber: bus, logger, ttlSeconds: config.cacheTtlSeconds });
  const alerts = await createAlerts({ subscriber: bus, kv, logger, failureThreshold: config.circuitFailureThreshold, openMs: config.circuitOpenMs });
  const circuits = await watchCircuits(await kv.bucket(buckets.circuits), Date.now);
  const router = createRouter({ providers: config.providers, prices: config.prices, circuits, logger, upstreamTimeoutMs: config.upstreamTimeoutMs });
  const ingest = await createIngest({ bus, clickhouse, logger, batchSize: config.ingestBatchSize, flushMs: config.ingestFlushMs, metrics });
  const api = createApi({ db: pg.db, clickhouse, adminKeyHash: admin.hash, logger, registry: metrics, maxBodyBytes: config.maxBodyBytes });

  const parts = { cache, router, alerts, ingest, api };
  const health = async () => {
    const all: Record<string, 'up' | 'down'> = {};
    for (const [name, part] of Object.entries(parts)) {
      for (const [k, v] of Object.entries(await part.health().catch(() => ({ self: 'down' as const })))) all[`${name}.${k}`] = v;
    }
    return all;
  };
  const models = knownModels(config.providers, config.prices);
  const ingress = createIngress({
    cache: cache.api,
    router: router.api,
    publisher: bus,
    keys: (hash) => findKeyByHash(pg.db, hash),
    api: api.handler,
    health,
    metrics,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    listModels: () => models,
  });
  const grpc = await serveGateway(ingress.gateway, config.gatewayGrpcAddr, { maxBodyBytes: config.maxBodyBytes, logger });

  return {
    handler: ingress.handler,
    metrics,
    generatedAdminKey: admin.generated ? admin.key : undefined,
    async stop() {
      // Order matters: drain requests and publish their events, then let consumers finish what they hold.
      const drainMs = drainBudget(config.shutdownGraceMs);
      await Promise.all([grpc.stop(drainMs), ingress.stop(drainMs)]);
      for (const part of [ingest, cache, alerts, router, api]) await part.stop().catch((err: unknown) => logger.error('stop failed', { err }));
      circuits.stop();
      await bus.close();
      await Promise.allSettled([pg.close(), clickhouse.close(), store.close()]);
    },
  };
}
