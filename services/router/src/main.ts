// Distributed entry point of the router: gRPC tollgate.v1.RouterService on ROUTER_ADDR, /health and /metrics
// on HEALTH_ADDR, circuit state watched from NATS KV when NATS_URL is set.
import { connectKv } from '@tollgate/bus';
import fs from 'node:fs';
import { loadConfig, loadConfigOrExit } from '@tollgate/config';
import { buckets } from '@tollgate/events';
import { RouterService } from '@tollgate/proto/router';
import { grpcServer, listen, shutdown } from '@tollgate/rpc';
import { createLogger, onShutdown, Registry, serveOps } from '@tollgate/telemetry';
import { allCircuitsClosed, watchCircuits } from './circuits.ts';
import { createRouter } from './router.ts';

const config = loadConfigOrExit();
const logger = createLogger({ level: config.logLevel, base: { service: 'router' } });
const registry = new Registry();

const kv = config.natsUrl ? await connectKv(config.natsUrl) : undefined;
const circuits = kv ? await watchCircuits(await kv.bucket(buckets.circuits), Date.now) : { ...allCircuitsClosed, stop() {} };
if (!config.providers.length) logger.warn('no provider configured (set OPENAI_API_KEY or providers: in YAML); every request gets 404');

const router = createRouter({
  providers: config.providers,
  prices: config.prices,
  routes: config.models,
  circuits,
  logger,
  upstreamTimeoutMs: config.upstreamTimeoutMs,
  metrics: registry,
});

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
  await router.stop();
  circuits.stop();
  await kv?.close();
  await health.close();
});
