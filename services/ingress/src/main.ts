// Distributed entry point of ingress: the public HTTP surface, dialing cache and router over gRPC, forwarding
// /api/* to the api service, reading keys from Postgres and publishing events to NATS JetStream.
import { createServer } from 'node:http';
import { hostname } from 'node:os';
import { connectBus } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { createPostgres, findKeyByHash } from '@tollgate/db';
import { durables, ensureStreams, watchConfigChanges } from '@tollgate/events';
import { openLimits } from '@tollgate/limits';
import { CacheService } from '@tollgate/proto/cache';
import { RouterService } from '@tollgate/proto/router';
import { grpcClient } from '@tollgate/rpc';
import { createLogger, drainBudget, lowerHelperThreads, onShutdown, Registry } from '@tollgate/telemetry';
import { createAdmission } from './admission.ts';
import { createIngress } from './app.ts';
import { forwardTo } from './forward.ts';
import { knownModels } from './domain/models.ts';
import { serveGateway } from './grpc-server.ts';

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.logLevel, base: { service: 'ingress' } });
lowerHelperThreads(config.helperThreadNice); // requests first: GC and libuv threads yield the core
if (!config.natsUrl || !config.databaseUrl) {
  logger.error('distributed ingress needs NATS_URL and DATABASE_URL (use `npm start` for the all-in-one gateway)');
  process.exit(2);
}
const bus = await connectBus(config.natsUrl, { onError: (err: unknown) => logger.warn('bus error', { err }) });
await ensureStreams(bus);
const pg = await createPostgres({ url: config.databaseUrl });
const cache = grpcClient(CacheService, config.cacheAddr);
const router = grpcClient(RouterService, config.routerAddr);
const api = forwardTo(config.apiAddr);
const health = async (): Promise<Record<string, 'up' | 'down'>> => ({
  postgres: await pg.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute().then(() => 'up' as const, () => 'down' as const),
  limits: limits.healthy() ? 'up' : 'down',
});
// Limits shared by every replica live in Redis; without REDIS_URL each replica counts on its own (documented).
const limits = await openLimits(config.redisUrl, (err: unknown) => logger.warn('limits store error', { err }));
const metrics = new Registry();
const admission = createAdmission({ limits: limits.limiter, budgets: limits.budgets, policy: config.limitsFailPolicy, timeZone: config.budgetTimeZone, now: Date.now, logger, metrics });
const models = knownModels(config.providers, config.prices);
const ingress = createIngress({
  cache,
  router,
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
// Every replica drops a revoked, rotated or changed key from its cache as soon as the api commits the change.
const configWatch = await watchConfigChanges(bus, (c) => c.keyHashes.forEach(ingress.forget), { durable: durables.configWatch('ingress', `${hostname()}-${process.pid}`) });
const gateway = await serveGateway(ingress.gateway, config.gatewayGrpcAddr, { maxBodyBytes: config.maxBodyBytes, logger });
const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, ingress.handler);
server.listen(config.port, config.host, () => logger.info('ingress listening', { url: `http://${config.host}:${config.port}` }));

onShutdown(logger, config.shutdownGraceMs, async () => {
  server.close();
  server.closeIdleConnections();
  const drainMs = drainBudget(config.shutdownGraceMs);
  await Promise.all([gateway.stop(drainMs), ingress.stop(drainMs)]);
  await configWatch.stop();
  cache.close();
  router.close();
  await Promise.allSettled([api.close(), bus.close(), pg.close(), limits.close()]);
});
