// Distributed entry point of ingress: the public HTTP surface, dialing cache and router over gRPC, forwarding
// /api/* to the api service, reading keys from Postgres and publishing events to NATS JetStream.
import { createServer } from 'node:http';
import { connectBus } from '@tollgate/bus';
import { loadConfigOrExit } from '@tollgate/config';
import { createPostgres, findKeyByHash } from '@tollgate/db';
import { EVENTS_STREAM, EVENTS_SUBJECTS } from '@tollgate/events';
import { CacheService } from '@tollgate/proto/cache';
import { RouterService } from '@tollgate/proto/router';
import { grpcClient } from '@tollgate/rpc';
import { createLogger, drainBudget, onShutdown, Registry } from '@tollgate/telemetry';
import { createIngress } from './app.ts';
import { forwardTo } from './forward.ts';
import { knownModels } from './domain/models.ts';
import { serveGateway } from './grpc-server.ts';

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.logLevel, base: { service: 'ingress' } });
if (!config.natsUrl || !config.databaseUrl) {
  logger.error('distributed ingress needs NATS_URL and DATABASE_URL (use `npm start` for the all-in-one gateway)');
  process.exit(2);
}
const bus = await connectBus(config.natsUrl, { onError: (err: unknown) => logger.warn('bus error', { err }) });
await bus.ensureStream(EVENTS_STREAM, EVENTS_SUBJECTS);
const pg = await createPostgres({ url: config.databaseUrl });
const cache = grpcClient(CacheService, config.cacheAddr);
const router = grpcClient(RouterService, config.routerAddr);
const api = forwardTo(config.apiAddr);
const health = async (): Promise<Record<string, 'up' | 'down'>> => ({
  postgres: await pg.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute().then(() => 'up' as const, () => 'down' as const),
});
const models = knownModels(config.providers, config.prices);
const ingress = createIngress({
  cache,
  router,
  publisher: bus,
  keys: (hash) => findKeyByHash(pg.db, hash),
  api: api.handler,
  health,
  metrics: new Registry(),
  logger,
  maxBodyBytes: config.maxBodyBytes,
  listModels: () => models,
});
const gateway = await serveGateway(ingress.gateway, config.gatewayGrpcAddr, { maxBodyBytes: config.maxBodyBytes, logger });
const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, ingress.handler);
server.listen(config.port, config.host, () => logger.info('ingress listening', { url: `http://${config.host}:${config.port}` }));

onShutdown(logger, config.shutdownGraceMs, async () => {
  server.close();
  server.closeIdleConnections();
  const drainMs = drainBudget(config.shutdownGraceMs);
  await Promise.all([gateway.stop(drainMs), ingress.stop(drainMs)]);
  cache.close();
  router.close();
  await Promise.allSettled([api.close(), bus.close(), pg.close()]);
});
