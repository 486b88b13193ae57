// Distributed entry point of the router: gRPC tollgate.v1.RouterService on ROUTER_ADDR, /health and /metrics
// on HEALTH_ADDR, circuit state watched from NATS KV when NATS_URL is set, project routes and credentials read
// from Postgres (read-only) when DATABASE_URL is set.
import { connectBus, connectKv } from '@tollgate/bus';
import fs from 'node:fs';
import { hostname } from 'node:os';
import { loadConfig, loadConfigOrExit } from '@tollgate/config';
import { createPostgres, decodeEncryptionKey, loadProjectRouting } from '@tollgate/db';
import { buckets, durables, ensureStreams } from '@tollgate/events';
import { RouterService } from '@tollgate/proto/router';
import { grpcServer, listen, shutdown } from '@tollgate/rpc';
import { createLogger, onShutdown, Registry, serveOps } from '@tollgate/telemetry';
import { allCircuitsClosed, watchCircuits } from './circuits.ts';
import { watchProjectRoutes } from './project-watch.ts';
import { createRouter } from './router.ts';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, base: { service: 'router' } });
const registry = new Registry();

const kv = config.natsUrl ? await connectKv(config.natsUrl) : undefined;
const circuits = kv ? await watchCircuits(await kv.bucket(buckets.circuits), Date.now) : { ...allCircuitsClosed, stop() {} };
// Project routes: read lazily per project, re-read on ProjectChanged (NATS) and at the latest every 30 s.
const pg = config.databaseUrl ? await createPostgres({ url: config.databaseUrl }) : undefined;
if (!pg) logger.info('DATABASE_URL is not set: only YAML model routes are served (no project routes or credentials)');
const projects = pg && { load: (id: string) => loadProjectRouting(pg.db, id), encryptionKey: config.encryptionKey ? decodeEncryptionKey(config.encryptionKey) : undefined };
if (!config.providers.length) logger.warn('no provider configured (set OPENAI_API_KEY or providers: in YAML); every request gets 404');

const router = createRouter({
  providers: config.providers,
  prices: config.prices,
  routes: config.models,
  circuits,
  logger,
  upstreamTimeoutMs: config.upstreamTimeoutMs,
  metrics: registry,
  projects,
});
const bus = pg && config.natsUrl ? await connectBus(config.natsUrl, { onError: (err) => logger.warn('bus error', { err }) }) : undefined;
if (bus) await ensureStreams(bus);
const projectWatch = bus && (await watchProjectRoutes(bus, router, durables.configWatch('router', `${hostname()}-${process.pid}`)));

// A request body may be as large as ingress accepts; gRPC's default 4 MiB receive limit would refuse it.
const server = grpcServer([{ service: RouterService, impl: router.api }], {
  channelOptions: { 'grpc.max_receive_message_length': config.maxBodyBytes + 64 * 1024 },
  onError: (err, path) => logger.error('rpc failed', { path, err }),
});
const port = await listen(server, config.routerAddr);
const healthAddr = config.healthAddr ?? '127.0.0.1:9092';
const health = await serveOps(healthAddr, { health: router.health, metrics: () => registry.render() });
logger.info('router listening', { grpc: `${config.routerAddr.replace(/:\d+$/, '')}:${port}`, health: healthAddr, providers: config.providers.map((p) => p.name) });

// Hot reload of model routes: SIGHUP, or a change of the YAML file. A file with problems keeps the old routes.
function reloadRoutes(): void {
  try {
    const problems = router.setRoutes(loadConfig(process.env).models ?? {});
    logger.info('model routes reloaded', { problems });
  } catch (err) {
    logger.error('model routes not reloaded: invalid configuration', { err });
  }
}
const configFile = process.env.TOLLGATE_CONFIG;
if (configFile) fs.watchFile(configFile, { interval: 2000 }, reloadRoutes);
process.on('SIGHUP', reloadRoutes);

// Stop accepting calls; in-flight streams may finish within the grace period, then they are cancelled.
onShutdown(logger, config.shutdownGraceMs, async () => {
  await shutdown(server, Math.max(0, config.shutdownGraceMs - 1_000));
  if (configFile) fs.unwatchFile(configFile);
  await projectWatch?.stop();
  await router.stop();
  circuits.stop();
  await Promise.allSettled([kv?.close(), bus?.close(), pg?.close()]);
  await health.close();
});
