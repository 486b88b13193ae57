import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';
import { GatewayError } from '@tollgate/errors';
import type { HttpHandler } from './app.ts';

/** Hop-by-hop headers that must not be forwarded (RFC 9110 §7.6.1). */
const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * Forwards requests to another HTTP service (distributed mode: ingress → api), streaming both bodies.
 * Returns the handler and a close function for shutdown.
 */
export function forwardTo(addr: string): { handler: HttpHandler; close(): Promise<void> } {
  const pool = new Pool(`http://${addr}`, { connections: 16 });
  const handler: HttpHandler = (req, res) => {
    forward(pool, req, res).catch((err: unknown) => {
      const e = new GatewayError('unavailable', 'the management API is unreachable', { cause: err });
      if (!res.headersSent) {
        res.writeHead(e.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(e.toJSON()));
      } else res.destroy();
    });
  };
  return { handler, close: () => pool.close() };
}

async function forward(pool: Pool, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const up = await pool.request({ method: req.method as 'GET', path: req.url ?? '/', headers, body: hasBody ? req : undefined });
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
  res.writeHead(up.statusCode, out);
  await pipeline(up.body, res);
}
