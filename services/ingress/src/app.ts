import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Publisher } from '@tollgate/bus';
import { GatewayError, toGatewayError } from '@tollgate/errors';
import { OutgoingEvent, subjects, uuidv7 } from '@tollgate/events';
import type { CacheService } from '@tollgate/proto/cache';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import type { RouterService } from '@tollgate/proto/router';
import type { ServiceApi } from '@tollgate/rpc';
import type { Logger, Registry } from '@tollgate/telemetry';
import type { Price } from '@tollgate/config';
import type { Admission, Admitted } from './admission.ts';
import { admitter } from './admit.ts';
import { createKeyAuth, type KeyLookup } from './auth.ts';
import type { StoreBodiesMode } from './domain/completion.ts';
import { createDoors } from './doors.ts';
import type { ListModels } from './models-route.ts';
import { requestCompleted, type CompletionFacts } from './domain/completion.ts';
import { createOutbox } from './outbox.ts';
import { busBacklogged, overloaded, SHED_AT } from './overload.ts';
import { handleSdkEvents, isSdkEventsPath } from './sdk-events.ts';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;
export type HealthCheck = () => Promise<Record<string, 'up' | 'down'>>;

export interface IngressDeps {
  cache: ServiceApi<typeof CacheService>;
  router: ServiceApi<typeof RouterService>;
  publisher: Publisher;
  keys: KeyLookup;
  /** Handles /api/* and /v1/projects/* (the api service, in-process or forwarded over HTTP). */
  api?: HttpHandler;
  health: HealthCheck;
  metrics: Registry;
  logger: Logger;
  maxBodyBytes: number;
  now?: () => number;
  /** The models a project's key may use (GET /v1/models); none when not given. */
  listModels?: ListModels;
  /** Rate limits and budgets; without it only the keys' allowed models are enforced. */
  admission?: Admission;
  /** USD per million tokens of a model, for budget reservations. */
  priceOf?: (model: string) => Price | undefined;
  /** store_bodies of projects that did not choose their own (TOLLGATE_STORE_BODIES). */
  defaultStoreBodies?: StoreBodiesMode;
}

/** Events held for the bus at most (beyond, the oldest are dropped); new requests are shed from SHED_AT of it. */
const MAX_PENDING_EVENTS = 100_000;

/**
 * The public HTTP surface as a plain node handler (testable without a port). Every error leaves in OpenAI's
 * shape; every admitted request publishes one RequestCompleted event after its response ended.
 */
export function createIngress(deps: IngressDeps) {
  const now = deps.now ?? Date.now;
  const m = deps.metrics;
  const requests = m.counter('tollgate_requests_total', 'Gateway requests by endpoint, status and cache status');
  const latency = m.histogram('tollgate_request_duration_ms', 'Time from request to the end of the response');
  const eventsDropped = m.counter('tollgate_events_dropped_total', 'Events dropped because the bus stayed unreachable');
  const inflightGauge = m.gauge('tollgate_requests_in_flight', 'HTTP requests being handled');
  const cacheErrors = m.counter('tollgate_cache_errors_total', 'Cache lookups that failed (served as misses)');
  const shed = m.counter('tollgate_requests_shed_total', 'Requests refused (503) because events were published faster than they were stored');
  const outbox = createOutbox({ publisher: deps.publisher, logger: deps.logger, maxPending: MAX_PENDING_EVENTS, retryDelayMs: 1000, onDrop: (n) => eventsDropped.inc(undefined, n) });
  const auth = createKeyAuth(deps.keys, { ttlMs: 10_000, negativeTtlMs: 2_000, maxEntries: 100_000, now });
  const flow = { cache: deps.cache, router: deps.router, now, defaultStoreBodies: deps.defaultStoreBodies, onCacheError: (err: unknown) => { cacheErrors.inc(); deps.logger.warn('cache lookup failed', { err }); } };
  let inflight = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  function publish(f: CompletionFacts): void {
    const ev = requestCompleted(f);
    // As an object: the in-process bus hands it to the consumers as it is; JetStream encodes it.
    outbox.publish(subjects.requestCompleted(f.projectId), new OutgoingEvent(RequestCompletedSchema, ev, { projectId: f.projectId, nowMs: f.endedMs, id: uuidv7(f.endedMs), traceparent: f.traceparent }));
    if (f.ticket) deps.admission?.settle(f.ticket as Admitted, { tokensIn: ev.tokensIn, tokensOut: ev.tokensOut, costNanousd: ev.costNanousd });
    requests.inc({ endpoint: f.endpoint, status: String(ev.status), cache: f.cache });
    latency.observe(ev.latencyMs);
  }

  // The front doors (OpenAI, Anthropic, gRPC) share one flow: auth, validation, cache, routing, events.
  const admitModel = admitter(deps.admission, deps.priceOf ?? (() => undefined));
  const admit: typeof admitModel = (who, p) => {
    if (outbox.pending >= SHED_AT * MAX_PENDING_EVENTS || busBacklogged(deps.publisher)) {
      shed.inc();
      throw overloaded(); // see overload.ts
    }
    return admitModel(who, p);
  };
  const doors = createDoors({ flow, authenticate: (h) => auth.authenticate(h), admit, publish, maxBodyBytes: deps.maxBodyBytes, now }, deps.logger, deps.listModels ?? (() => []));

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const door = doors.match(path);
    if (door) return door(req, res);
    if (path === '/health') return health(res);
    if (path === '/livez') return send(res, 200, { status: 'alive' });
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      return void res.end(m.render());
    }
    if (isSdkEventsPath(path)) return handleSdkEvents({ auth, publisher: deps.publisher, maxBodyBytes: deps.maxBodyBytes, now, defaultStoreBodies: deps.defaultStoreBodies }, req, res, path);
    if (deps.api && (path.startsWith('/api/') || path.startsWith('/v1/projects/'))) return deps.api(req, res);
    throw new GatewayError('not_found', `no route for ${req.method} ${path}`);
  }

  async function health(res: ServerResponse): Promise<void> {
    const backends = await deps.health().catch(() => ({ health: 'down' as const }));
    const ok = !draining && Object.values(backends).every((s) => s === 'up');
    send(res, ok ? 200 : 503, { status: ok ? 'healthy' : draining ? 'draining' : 'degraded', backends, pending_events: outbox.pending });
  }

  const handler: HttpHandler = (req, res) => {
    inflightGauge.set(++inflight);
    route(req, res)
      .catch((err: unknown) => {
        const e = toGatewayError(err);
        if (e.kind === 'internal') deps.logger.error('request failed', { err: e.cause ?? e, path: req.url });
        if (e.headers && !res.headersSent) for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
        if (!res.headersSent) send(res, e.status, e.toJSON());
        else res.destroy();
      })
      .finally(() => {
        inflightGauge.set(--inflight);
        if (inflight === 0 && idle) idle();
      });
  };

  return {
    handler,
    /** Drops a cached key identity (by key hash): the key was revoked, rotated or changed. */
    forget: (hash: string) => auth.forget(hash),
    /** tollgate.v1.Gateway (the public gRPC service), to be served by the entry point. */
    gateway: doors.grpc,
    /** Refuses new work (health turns 503), waits for in-flight requests and publishes what they produced. */
    async stop(graceMs: number): Promise<void> {
      draining = true;
      const deadline = now() + graceMs;
      if (inflight > 0) await Promise.race([new Promise<void>((r) => (idle = r)), new Promise((r) => setTimeout(r, graceMs))]);
      await outbox.flush(Math.max(0, deadline - now()));
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
