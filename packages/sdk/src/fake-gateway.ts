// A stand-in for the gateway's SDK event endpoints in unit tests: a node:http server on a free loopback port that
// records every request and answers in the gateway's shapes (services/ingress/src/sdk-events.ts: 202, 207 with
// per-item `errors`, 400, 401), or with answers queued by the test (429 with Retry-After, 500, 413, ...).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeGateway {
  url: string;
  key: string;
  requests: Recorded[];
  /** Answers the next requests with these, in order, before the default behaviour resumes. */
  script(...answers: Scripted[]): void;
  stop(): Promise<void>;
}

type Ev = Record<string, unknown>;

/** The gateway's per-item checks, reduced to what the tests need: a type, and non-negative token counts. */
function reject(e: unknown): { reason: string; field: string } | undefined {
  if (typeof e !== 'object' || e === null) return { reason: 'event must be an object', field: 'event' };
  const ev = e as Ev;
  if (typeof ev.event_id !== 'string' || !/^[0-9a-f-]{36}$/i.test(ev.event_id)) return { reason: 'event_id must be a UUID', field: 'event_id' };
  if (typeof ev.event_type !== 'string' || !ev.event_type) return { reason: 'event_type is required', field: 'event_type' };
  if (typeof ev.tokens_input === 'number' && ev.tokens_input < 0) return { reason: 'tokens_input must be >= 0', field: 'tokens_input' };
  return undefined;
}

export async function startFakeGateway(key = 'tg_test_key'): Promise<FakeGateway> {
  const requests: Recorded[] = [];
  const queued: Scripted[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const [path, query] = (req.url ?? '/').split('?');
      requests.push({ method: req.method ?? '', path: query ? `${path}?${query}` : path, headers: req.headers, body: text ? JSON.parse(text) : undefined });
      const send = (a: Scripted) => {
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(a.body === undefined ? '' : JSON.stringify(a.body));
      };
      const next = queued.shift();
      if (next) return send(next);
      if (req.headers.authorization !== `Bearer ${key}`) return send({ status: 401, body: { error: { message: 'invalid api key', type: 'authentication_error', code: 'invalid_api_key', param: null } } });
      const body = text ? (JSON.parse(text) as Ev) : {};
      if (req.method === 'POST' && path === '/v1/events/batch') {
        const events = Array.isArray(body.events) ? body.events : [];
        const errors = events.flatMap((e, index) => {
          const r = reject(e);
          return r ? [{ index, event_id: (e as Ev)?.event_id ?? null, param: `events[${index}].${r.field}`, message: r.reason }] : [];
        });
        const counts = { accepted: events.length - errors.length, duplicates: 0, rejected: errors.length };
        return send({ status: errors.length ? 207 : 202, body: errors.length ? { ...counts, errors } : counts });
      }
      if (req.method === 'POST' && /^\/v1\/projects\/[^/]+\/events$/.test(path)) {
        const r = reject(body);
        if (r) return send({ status: 400, body: { error: { message: r.reason, type: 'invalid_request_error', code: 'invalid_request', param: r.field } } });
        return send({ status: 202, body: { accepted: 1, duplicates: 0, rejected: 0, event_id: body.event_id } });
      }
      if (req.method === 'GET' && /\/metrics$/.test(path)) return send({ status: 200, body: { total_requests: 3, error_rate: 0, total_tokens: 30, total_cost_usd: 0.1, top_models: [] } });
      if (req.method === 'GET' && path.includes('/analytics/')) return send({ status: 200, body: { kind: path.split('/').pop(), query } });
      send({ status: 404, body: { error: { message: 'not found', type: 'invalid_request_error', code: 'not_found', param: null } } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    requests,
    script: (...answers) => void queued.push(...answers),
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
