// The composition root of all-in-one mode: the six services in one process, bound in-process (the cache and
// router APIs are plain function calls; events go through the in-process bus unless NATS_URL is set).
import { hostname } from 'node:os';
import { createAlerts } from '@tollgate/alerts';
import { createApi, resolveAdminKey } from '@tollgate/api';
import { createCache } from '@tollgate/cache';
import type { Config } from '@tollgate/config';
import { budgetLimitsOf, decodeEncryptionKey, findKeyByHash, loadProjectRouting } from '@tollgate/db';
import { buckets, durables, watchCircuitRecords, watchConfigChanges } from '@tollgate/events';
import { createIngest } from '@tollgate/ingest';
import { createAdmission, createIngress, knownModels, serveGateway } from '@tollgate/ingress';
import { createRouter, watchCircuits, watchProjectRoutes } from '@tollgate/router';
import { drainBudget, type Logger, Registry } from '@tollgate/telemetry';
import { openBackends } from './backends.ts';

export interface Gateway {
  handler: ReturnType<typeof createIngress>['handler'];
  metrics: Registry;
  /** Set when no admin key was configured and none was stored: shown once to the operator. */
  generatedAdminKey: string | undefined;
  stop(): Promise<void>;
}

export async function composeGateway(config: Config, logger: Logger): Promise<Gateway> {
  const metrics = new Registry();
  const b = await openBackends(config, logger);
  const { bus, kv, pg, clickhouse } = b;
  const admin = await resolveAdminKey(pg.db, config.adminKey);

  const cache = await createCache({ store: b.store, subscriber: bus, logger, ttlSeconds: config.cacheTtlSeconds, registry: metrics });
  const budgets = { source: { limits: (owner: { kind: 'project' | 'key'; id: string }) => budgetLimitsOf(pg.db, owner) }, timeZone: config.budgetTimeZone };
  const alerts = await createAlerts({ subscriber: bus, kv, publisher: bus, budgets, logger, failureThreshold: config.circuitFailureThreshold, openMs: config.circuitOpenMs });
  const circuitBucket = await kv.bucket(buckets.circuits);
  const circuits = await watchCircuits(circuitBucket, Date.now);
  const circuitRecords = await watchCircuitRecords(circuitBucket);
  const encryptionKey = config.encryptionKey ? decodeEncryptionKey(config.encryptionKey) : undefined;
  const projects = { load: (id: string) => loadProjectRouting(pg.db, id), encryptionKey };
  const router = createRouter({ providers: config.providers, prices: config.prices, routes: config.models, circuits, logger, upstreamTimeoutMs: config.upstreamTimeoutMs, metrics, projects });
  // Project routes and credentials changed through the api reach the router as soon as they are committed (each
  // process its own consumer: with NATS_URL, several all-in-one replicas must all see every change).
  const routesWatch = await watchProjectRoutes(bus, router, durables.configWatch('router', `${hostname()}-${process.pid}`));
  const ingest = await createIngest({ bus, clickhouse, logger, metrics, batchSize: config.ingestBatchSize, flushMs: config.ingestFlushMs, rawRetentionDays: config.rawRetentionDays, storeBodies: config.storeBodies });
  const api = createApi({ db: pg.db, clickhouse: b.analytics, adminKeyHash: admin.hash, logger, registry: metrics, maxBodyBytes: config.maxBodyBytes, publisher: bus, encryptionKey, prices: config.prices, circuits: circuitRecords.list });

  const parts = { cache, router, alerts, ingest, api };
  const health = async () => {
    const all: Record<string, 'up' | 'down'> = { limits: b.limits.healthy() ? 'up' : 'down' };
    for (const [name, part] of Object.entries(parts)) {
      for (const [k, v] of Object.entries(await part.health().catch(() => ({ self: 'down' as const })))) all[`${name}.${k}`] = v;
    }
    return all;
  };
  const admission = createAdmission({ limits: b.limits.limiter, budgets: b.limits.budgets, policy: config.limitsFailPolicy, timeZone: config.budgetTimeZone, now: Date.now, logger, metrics });
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
    admission,
    priceOf: (model) => config.prices[model],
    defaultStoreBodies: config.storeBodies,
  });
  // Revoked, rotated or changed keys stop being served from ingress's cache as soon as the api commits.
  const configWatch = await watchConfigChanges(bus, (c) => c.keyHashes.forEach(ingress.forget), { durable: durables.configWatch('all-in-one', 'local') });
  const grpc = await serveGateway(ingress.gateway, config.gatewayGrpcAddr, { maxBodyBytes: config.maxBodyBytes, logger });

  return {
    handler: ingress.handler,
    metrics,
    generatedAdminKey: admin.generated ? admin.key : undefined,
    async stop() {
      // Order matters: drain requests and publish their events, then let consumers finish what they hold.
      const drainMs = drainBudget(config.shutdownGraceMs);
      await Promise.all([grpc.stop(drainMs), ingress.stop(drainMs)]);
      await configWatch.stop();
      await routesWatch.stop();
      for (const part of [ingest, cache, alerts, router, api]) await part.stop().catch((err: unknown) => logger.error('stop failed', { err }));
      circuits.stop();
      circuitRecords.stop();
      await b.close();
    },
  };
}
