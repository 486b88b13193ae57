// Distributed entry point of ingest: the only place that reads config and wires real adapters.
import { connectJetStream } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { createClickHouse, migrateClickHouse } from '@tollgate/db';
import { ensureStreams } from '@tollgate/events';
import { createLogger, onShutdown, Registry, serveOps } from '@tollgate/telemetry';
import { createIngest } from './ingest.ts';
import { MIGRATIONS_DIR } from './migrations.ts';

const DEFAULT_HEALTH_ADDR = '127.0.0.1:9093';

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.logLevel, base: { service: 'ingest' } });
if (!config.natsUrl) {
  logger.error('NATS_URL is required: ingest runs alone only against NATS JetStream (all-in-one embeds it)');
  process.exit(1);
}

const bus = await connectJetStream(config.natsUrl);
await ensureStreams(bus);
const clickhouse = await createClickHouse({ url: config.clickhouseUrl, dataDir: config.dataDir });
const { applied } = await migrateClickHouse(clickhouse, MIGRATIONS_DIR);
if (applied.length) logger.info('clickhouse migrations applied', { applied });

const metrics = new Registry();
const ingest = await createIngest({
  bus,
  clickhouse,
  logger,
  metrics,
  batchSize: config.ingestBatchSize,
  flushMs: config.ingestFlushMs,
  rawRetentionDays: config.rawRetentionDays,
  storeBodies: config.storeBodies,
});
const healthAddr = config.healthAddr ?? DEFAULT_HEALTH_ADDR;
const ops = await serveOps(healthAddr, { health: ingest.health, metrics: () => metrics.render() });
logger.info('ingest started', { healthAddr, batchSize: config.ingestBatchSize, flushMs: config.ingestFlushMs });

// Past the grace period the process exits anyway; unacked messages are redelivered to the next instance.
onShutdown(logger, config.shutdownGraceMs, async () => {
  await ingest.stop(); // stops fetching, finishes and acks the batch in hand
  await bus.close();
  await clickhouse.close();
  await ops.close();
});
