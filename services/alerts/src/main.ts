// Distributed entry point of alerts: folds RequestCompleted events into circuit records in NATS KV; /health
// and /metrics on HEALTH_ADDR. The only file of this service that reads configuration.
import { connectBus, connectKv } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { ALERTS_STREAM, ALERTS_SUBJECTS, EVENTS_STREAM, EVENTS_SUBJECTS } from '@tollgate/events';
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
await bus.ensureStream(EVENTS_STREAM, EVENTS_SUBJECTS);
await bus.ensureStream(ALERTS_STREAM, ALERTS_SUBJECTS);
const kv = await connectKv(config.natsUrl, { bus, onError });

const alerts = await createAlerts({
  subscriber: bus,
  kv,
  logger,
  failureThreshold: config.circuitFailureThreshold,
  openMs: config.circuitOpenMs,
  registry,
  publisher: bus,
  // TODO(lead): a BudgetSource backed by the api's project and key limits; until then spend is projected, no alert fires.
  budgets: { source: createMemoryBudgetSource() },
});
const health = await serveOps(healthAddr, { health: alerts.health, metrics: () => registry.render() });
logger.info('alerts running', { healthAddr, failureThreshold: config.circuitFailureThreshold, openMs: config.circuitOpenMs });

// The batch in hand is folded and written before the consumer stops; unacked events are redelivered anyway.
onShutdown(logger, config.shutdownGraceMs, async () => {
  await alerts.stop();
  await Promise.allSettled([health.close(), kv.close()]);
  await bus.close();
});
