// Distributed entry point of alerts: folds RequestCompleted events into circuit records in NATS KV; /health
// and /metrics on HEALTH_ADDR. The only file of this service that reads configuration.
import { connectBus, connectKv } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { budgetLimitsOf, createPostgres } from '@tollgate/db';
import { ensureStreams } from '@tollgate/events';
import { createLogger, Registry, onShutdown, serveOps } from '@tollgate/telemetry';
import { createAlerts } from './alerts.ts';
import { createMemoryBudgetSource } from './budget-source.ts';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, base: { service: 'alerts' } });
const registry = new Registry();
const healthAddr = config.healthAddr ?? '127.0.0.1:9094';

if (!config.natsUrl) logger.warn('NATS_URL is not set: alerts folds an in-process bus that nothing publishes to');
const onError = (err: unknown) => logger.error('event handler failed; the batch will be redelivered', { err });
const bus = await connectBus(config.natsUrl, { onError });
await ensureStreams(bus);
const kv = await connectKv(config.natsUrl, { bus, onError });

// Budget limits are read (only) from the api's Postgres; without DATABASE_URL spend is projected but no budget
// alert can fire.
const pg = config.databaseUrl ? await createPostgres({ url: config.databaseUrl }) : undefined;
if (!pg) logger.warn('DATABASE_URL is not set: budget alerts are off (spend is still projected)');
const source = pg ? { limits: (owner: { kind: 'project' | 'key'; id: string }) => budgetLimitsOf(pg.db, owner) } : createMemoryBudgetSource();
const alerts = await createAlerts({
  subscriber: bus,
  kv,
  logger,
  failureThreshold: config.circuitFailureThreshold,
  openMs: config.circuitOpenMs,
  registry,
  publisher: bus,
  budgets: { source, timeZone: config.budgetTimeZone },
});
const health = await serveOps(healthAddr, { health: alerts.health, metrics: () => registry.render() });
logger.info('alerts running', { healthAddr, failureThreshold: config.circuitFailureThreshold, openMs: config.circuitOpenMs });

// The batch in hand is folded and written before the consumer stops; unacked events are redelivered anyway.
onShutdown(logger, config.shutdownGraceMs, async () => {
  await alerts.stop();
  await Promise.allSettled([health.close(), kv.close(), pg?.close()]);
  await bus.close();
});
