import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// /health, /livez and /metrics for a service without a public HTTP port (cache, router, ingest, alerts).
// /health answers 503 when any component is down, so a readiness probe takes the instance out of rotation;
// /livez only says the process answers, for liveness probes that must not restart a pod over a backend outage.

export type HealthReport = Record<string, 'up' | 'down'>;

export interface OpsSources {
  health(): Promise<HealthReport>;
  /** Prometheus text exposition. */
  metrics(): string;
}

export function opsHandler(src: OpsSources) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      const checks = await src.health().catch(() => ({ self: 'down' as const }));
      const up = Object.values(checks).every((v) => v === 'up');
      json(res, up ? 200 : 503, { status: up ? 'healthy' : 'degraded', checks });
    } else if (req.method === 'GET' && path === '/livez') {
      json(res, 200, { status: 'alive' });
    } else if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(src.metrics());
    } else json(res, 404, { error: { message: 'not found', type: 'invalid_request_error', code: 'not_found', param: null } });
  };
}

/** Listens on host:port and resolves with the bound port (useful with port 0) and a close function. */
export async function serveOps(addr: string, src: OpsSources): Promise<{ port: number; close(): Promise<void> }> {
  const i = addr.lastIndexOf(':');
  const handle = opsHandler(src);
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(addr.slice(i + 1)), addr.slice(0, i).replace(/^\[|\]$/g, ''), resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
