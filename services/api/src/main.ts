// Distributed entry point of the api service: config, Postgres (migrated), ClickHouse, the admin key, an HTTP
// server on API_ADDR, and a graceful SIGTERM. The only file of this service that reads configuration.

import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadConfigOrExit } from '@tollgate/config';
import { connectBus, connectKv } from '@tollgate/bus';
import { createClickHouse, createPostgres, decodeEncryptionKey, migratePostgres } from '@tollgate/db';
import { buckets, ensureStreams, watchCircuitRecords } from '@tollgate/events';
import { createLogger, onShutdown } from '@tollgate/telemetry';
import { createApi } from './api.ts';
import { resolveAdminKey } from './admin-key.ts';
import { MIGRATIONS_DIR } from './migrations.ts';

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.logLevel, base: { service: 'api' } });
if (!config.databaseUrl || !config.clickhouseUrl) mkdirSync(config.dataDir, { recursive: true });

const pg = await createPostgres({ url: config.databaseUrl, dataDir: config.dataDir });
const migrated = await migratePostgres(pg.db, MIGRATIONS_DIR);
if (migrated.applied.length) logger.info('postgres migrated', { applied: migrated.applied });
const clickhouse = await createClickHouse({ url: config.clickhouseUrl, dataDir: config.dataDir });

const admin = await resolveAdminKey(pg.db, config.adminKey);
if (admin.generated) {
  // Printed once, to stdout only: just its hash is stored, so it cannot be shown again.
  process.stdout.write(`Generated admin key (shown once, store it now): ${admin.key}\n`);
}

// Config-change events for ingress replicas: on NATS when NATS_URL is set (else an in-process bus nobody reads).
const bus = await connectBus(config.natsUrl, { onError: (err) => logger.warn('bus error', { err }) });
await ensureStreams(bus);
// Provider health reports the circuit state the alerts service keeps in NATS KV.
const kv = config.natsUrl ? await connectKv(config.natsUrl, { bus }) : undefined;
const circuits = kv ? await watchCircuitRecords(await kv.bucket(buckets.circuits)) : undefined;
const encryptionKey = config.encryptionKey ? decodeEncryptionKey(config.encryptionKey) : undefined;
if (!encryptionKey) logger.warn('TOLLGATE_ENCRYPTION_KEY is not set: provider credentials cannot be stored');

const api = createApi({ db: pg.db, clickhouse, adminKeyHash: admin.hash, logger, prices: config.prices, publisher: bus, encryptionKey, circuits: circuits?.list });
const server = createServer(api.handler);
const { host, port } = splitAddr(config.apiAddr);
server.listen(port, host, () => logger.info('api listening', { addr: config.apiAddr }));

onShutdown(logger, config.shutdownGraceMs, async () => {
  server.close();
  server.closeIdleConnections();
  await api.stop();
  circuits?.stop();
  await Promise.allSettled([pg.close(), clickhouse.close(), kv?.close(), bus.close()]);
});

function splitAddr(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i).replace(/^\[|\]$/g, '') || '0.0.0.0', port: Number(addr.slice(i + 1)) };
}
