// The backends of all-in-one mode: each embedded unless its URL is configured. The bus and KV are in-process
// without NATS_URL, the cache store and limits in memory without REDIS_URL, Postgres is PGlite without
// DATABASE_URL and ClickHouse is chDB without CLICKHOUSE_URL (both under TOLLGATE_DATA_DIR).
import fs from 'node:fs';
import { MIGRATIONS_DIR as PG_MIGRATIONS } from '@tollgate/api';
import { connectBus, connectKv } from '@tollgate/bus';
import { createMemoryStore, createRedisStore } from '@tollgate/cache';
import type { Config } from '@tollgate/config';
import { createClickHouse, createPostgres, migrateClickHouse, migratePostgres } from '@tollgate/db';
import { ensureStreams } from '@tollgate/events';
import { MIGRATIONS_DIR as CH_MIGRATIONS } from '@tollgate/ingest';
import { openLimits } from '@tollgate/limits';
import type { Logger } from '@tollgate/telemetry';

/** Memory budget of the embedded cache store. */
const MEMORY_CACHE_BYTES = 256 * 1024 * 1024;

export type Backends = Awaited<ReturnType<typeof openBackends>>;

export async function openBackends(config: Config, logger: Logger) {
  fs.mkdirSync(config.dataDir, { recursive: true });
  const onError = (err: unknown) => logger.warn('bus error', { err });
  const bus = await connectBus(config.natsUrl, { onError });
  await ensureStreams(bus);
  const kv = await connectKv(config.natsUrl, { onError });

  const pg = await createPostgres({ url: config.databaseUrl, dataDir: config.dataDir });
  await migratePostgres(pg.db, PG_MIGRATIONS);
  const clickhouse = await createClickHouse({ url: config.clickhouseUrl, dataDir: config.dataDir });
  await migrateClickHouse(clickhouse, CH_MIGRATIONS);
  // The api reads through its own client: with embedded chDB a connection is a session, and settings a read sets
  // (readonly=1) would otherwise stay on the session ingest writes through.
  const analytics = await createClickHouse({ url: config.clickhouseUrl, dataDir: config.dataDir });

  const store = config.redisUrl
    ? await createRedisStore({ url: config.redisUrl, logger })
    : createMemoryStore({ maxEntries: config.cacheMaxEntries, maxBytes: MEMORY_CACHE_BYTES });
  const limits = await openLimits(config.redisUrl, (err: unknown) => logger.warn('limits store error', { err }));

  return {
    bus,
    kv,
    pg,
    clickhouse,
    analytics,
    store,
    limits,
    async close(): Promise<void> {
      await bus.close();
      await Promise.allSettled([kv.close(), pg.close(), clickhouse.close(), analytics.close(), store.close(), limits.close()]);
    },
  };
}
