// `npm start`: the whole gateway in one process. Embedded defaults (in-process bus, in-memory cache, PGlite,
// chDB under TOLLGATE_DATA_DIR) unless NATS_URL, REDIS_URL, DATABASE_URL or CLICKHOUSE_URL say otherwise.
import { createServer } from 'node:http';
import { loadConfigOrExit } from '@tollgate/config';
import { createLogger, lowerHelperThreads, onShutdown } from '@tollgate/telemetry';
import { composeGateway } from './compose.ts';

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.logLevel, base: { service: 'tollgate' } });
// Requests first: GC, libuv and chDB threads yield the core to the event loop (TOLLGATE_HELPER_THREAD_NICE).
const helpers = lowerHelperThreads(config.helperThreadNice);
const gateway = await composeGateway(config, logger);
const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, gateway.handler);
server.listen(config.port, config.host, () => {
  const addr = `http://${config.host}:${config.port}`;
  logger.info('tollgate listening', { url: addr, providers: config.providers.map((p) => p.name), dataDir: config.dataDir });
  if (gateway.generatedAdminKey) {
    // Printed once: only its hash is stored.
    process.stdout.write(`\nNo TOLLGATE_ADMIN_KEY was set, so one was generated. It is shown only this once:\n\n  ${gateway.generatedAdminKey}\n\nUse it as the bearer token for ${addr}/api/v1/*.\n\n`);
  }
  if (!config.providers.length) logger.warn('no provider configured: set OPENAI_API_KEY (and OPENAI_BASE_URL) to route requests');
});

// A request still running at the grace must not keep the pod alive (the router waits for its upstream calls).
onShutdown(logger, config.shutdownGraceMs, async () => {
  server.close();
  server.closeIdleConnections();
  await gateway.stop();
  helpers.stop();
});
