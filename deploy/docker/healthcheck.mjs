// Docker HEALTHCHECK: GET /health on the port the running service serves it on (docs/CONTRACTS.md).
// HEALTH_ADDR (cache, router, ingest, alerts), else API_ADDR for the api service, else PORT (ingress, all-in-one).
const env = process.env;
const port = (addr) => addr.slice(addr.lastIndexOf(':') + 1);
const target = env.HEALTH_ADDR ? port(env.HEALTH_ADDR) : env.SERVICE === 'api' ? port(env.API_ADDR ?? '127.0.0.1:8081') : (env.PORT ?? '8080');
try {
  const res = await fetch(`http://127.0.0.1:${target}/health`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
