// The HTTP adapter: a plain node (req, res) handler. It matches the route, runs the action, encodes JSON, turns
// every failure into OpenAI's error shape, and records request metrics. No business rules here.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError, toGatewayError } from '@tollgate/errors';
import type { Logger, Registry } from '@tollgate/telemetry';
import type { Action, Reply } from './actions.ts';
import { matchRoute, type RouteName } from './domain/routes.ts';

export interface HttpDeps {
  actions: Record<Exclude<RouteName, 'health' | 'metrics'>, Action>;
  health: () => Promise<Record<string, 'up' | 'down'>>;
  registry: Registry;
  logger: Logger;
  /** False once stop() began: new requests get 503 while in-flight ones finish. */
  accepting: () => boolean;
}

export function createHttpHandler(d: HttpDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const requests = d.registry.counter('tollgate_api_requests_total', 'HTTP requests handled by the api service, by route and status.');
  const duration = d.registry.histogram('tollgate_api_request_duration_ms', 'HTTP request duration in the api service, in milliseconds.');

  return async (req, res) => {
    if (req.url?.split('?')[0] === '/livez') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"alive"}'); // liveness: answers while draining, whatever the backends
    const started = performance.now();
    let route = 'unmatched';
    let reply: Reply;
    try {
      const url = new URL(req.url ?? '/', 'http://api.invalid');
      const m = matchRoute(req.method ?? 'GET', url.pathname);
      if ('error' in m) {
        if (m.error === 'method_not_allowed') res.setHeader('allow', m.allow.join(', '));
        throw new GatewayError(m.error, m.error === 'not_found' ? `no route for ${url.pathname}` : `method ${req.method} not allowed`);
      }
      route = m.route;
      if (!d.accepting()) throw new GatewayError('unavailable', 'the api service is shutting down');
      reply = await dispatch(d, m.route, { req, params: m.params, query: url.searchParams });
    } catch (err) {
      const e = toGatewayError(err);
      if (e.status >= 500) d.logger.error('request failed', { route, status: e.status, err: e, cause: e.cause });
      reply = { status: e.status, body: e.toJSON() };
    }
    send(res, reply, req.method === 'HEAD');
    requests.inc({ route, status: String(reply.status) });
    duration.observe(performance.now() - started, { route });
  };
}

async function dispatch(d: HttpDeps, route: RouteName, ctx: Parameters<Action>[0]): Promise<Reply> {
  if (route === 'health') {
    const checks = await d.health();
    const up = Object.values(checks).every((s) => s === 'up');
    return { status: up ? 200 : 503, body: { status: up ? 'up' : 'down', checks } };
  }
  if (route === 'metrics') return { status: 200, text: d.registry.render() };
  return d.actions[route](ctx);
}

function send(res: ServerResponse, reply: Reply, head: boolean): void {
  if (res.headersSent) return;
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'content-length': Buffer.byteLength(reply.text) });
    res.end(head ? undefined : reply.text);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(head ? undefined : text);
}
