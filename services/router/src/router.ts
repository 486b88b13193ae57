import type { Price, ProviderConfig, RouteConfig } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import type { CompleteChunk, CompleteRequest, RouterService } from '@tollgate/proto/router';
import type { CallOptions, ServiceApi } from '@tollgate/rpc';
import type { Logger, Registry } from '@tollgate/telemetry';
import { failureChunks } from './answer-error.ts';
import { attempt, type AttemptDeps } from './attempt.ts';
import { newOutcome, type Outcome, recordAttempt } from './chunks.ts';
import { circuitOpen, classifyFault, credentialUnusable, type Failure, modelNotFound, unsupported } from './domain/classify.ts';
import { LatencyTable } from './domain/latency.ts';
import { stickyUser, validEndpoint } from './domain/request.ts';
import { DEFAULT_BACKOFF, nextStep } from './domain/retry.ts';
import { isRoute, type Route, RouteTable, type Target } from './domain/routes.ts';
import type { CircuitView } from './domain/circuit-view.ts';
import { orderTargets, type StrategyInputs } from './domain/strategy.ts';
import { RouterMetrics } from './metrics.ts';
import { createProjectRoutes, type ProjectRoutesDeps } from './project-routes.ts';
import { adapterFor } from './providers/registry.ts';
import { type Provider, sleep, Upstreams } from './upstream.ts';

export interface RouterDeps {
  providers: ProviderConfig[];
  /** USD per million tokens, by model. */
  prices: Record<string, Price>;
  /** Model aliases (YAML `models:`); replaceable later with setRoutes. */
  routes?: Record<string, RouteConfig>;
  circuits: CircuitView;
  logger: Logger;
  /** Total deadline of a request unless the request (deadline_ms) or its route (timeout_ms) sets one. */
  upstreamTimeoutMs: number;
  /** Clock in ms (Date.now by default): latencies, ttft, deadlines and Retry-After dates. */
  now?: () => number;
  /** Uniform draws in [0, 1) for weighted splits and backoff jitter (Math.random by default). */
  random?: () => number;
  /** Waits between retries (a real timer by default; tests record the delays instead). */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Where per-provider counters and latency histograms go, if anywhere. */
  metrics?: Registry;
  /** Per-project aliases and credentials (managed through the api); without it only `routes` exist. */
  projects?: ProjectRoutesDeps;
}

export interface Router {
  api: ServiceApi<typeof RouterService>;
  /** Replaces the model aliases for the next requests (no restart); returns the problems found. */
  setRoutes(routes: Record<string, RouteConfig>): string[];
  /** A project's routes or credentials changed (ProjectChanged): its next requests use them. Resolves once read. */
  projectChanged(projectId: string): Promise<void>;
  /** Refuses new requests, waits for in-flight upstream calls, closes connections. */
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

/**
 * The router: resolves the model (an alias with targets and a strategy, or "provider/model"), tries targets in
 * order with retries and fallbacks, and streams the answer back as CompleteChunks (exactly one head, data,
 * exactly one trailer listing every attempt). It never throws to its caller; every failure is an answer with an
 * error status. Aborting the caller's signal cancels the upstream call; a consumer that keeps reading after the
 * abort still receives the trailer (tokens so far, error class CANCELLED), so the request can be recorded.
 */
export function createRouter(deps: RouterDeps): Router {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const wait = deps.sleep ?? sleep;
  const providers = new Map<string, Provider>();
  for (const cfg of deps.providers) {
    const adapter = adapterFor(cfg.kind);
    const baseUrl = cfg.baseUrl || adapter.defaultBaseUrl;
    if (baseUrl) providers.set(cfg.name, { cfg, adapter, baseUrl });
    else deps.logger.error('provider has no base URL; it is left out', { provider: cfg.name, kind: cfg.kind });
  }
  const table = new RouteTable({ has: (n) => providers.has(n), first: providers.keys().next().value });
  const problems = table.set(deps.routes ?? {});
  if (problems.length) deps.logger.warn('model routes have problems', { problems });
  const upstreams = new Upstreams(providers);
  const projects = deps.projects && createProjectRoutes(deps.projects, (name) => providers.get(name)?.cfg, now, deps.logger);
  const latency = new LatencyTable();
  const ad: AttemptDeps = { now, upstreams, latency, prices: deps.prices, logger: deps.logger };
  const metrics = deps.metrics ? new RouterMetrics(deps.metrics) : undefined;
  const strategy: StrategyInputs = { random: 0, stickyKey: '', latencyMs: (k) => latency.get(k), price: (m) => priceOf(deps.prices, m) };
  let stopping = false;

  async function* complete(req: CompleteRequest, opts: CallOptions = {}): AsyncGenerator<CompleteChunk> {
    const o = newOutcome(req.model);
    try {
      yield* route(req, opts.signal, now(), o);
    } finally {
      metrics?.record(o);
    }
  }

  async function* route(req: CompleteRequest, signal: AbortSignal | undefined, t0: number, o: Outcome): AsyncGenerator<CompleteChunk> {
    if (stopping) return yield* failureChunks({ kind: 'unavailable', errorClass: ErrorClass.INTERNAL, message: 'the router is shutting down', retryAfterS: 1 }, o);
    if (!validEndpoint(req.endpoint)) return yield* failureChunks({ kind: 'not_found', errorClass: ErrorClass.NOT_FOUND, message: 'unknown endpoint', retryAfterS: 0 }, o);
    const own = projects && req.projectId ? projects.resolve(req.projectId, req.model) : undefined;
    const r = (own instanceof Promise ? await own : own) ?? table.resolve(req.model);
    if (!isRoute(r)) return yield* failureChunks(r, o);
    const deadlineAt = t0 + (req.deadlineMs || r.timeoutMs || deps.upstreamTimeoutMs);
    const policy = { retries: r.retries, ...DEFAULT_BACKOFF };
    let last: Failure | undefined;
    for (const t of order(r, req)) {
      const p = upstreams.provider(t);
      if (t.unusable || !p) {
        last = skip(t, t.unusable ?? credentialUnusable(`provider ${t.provider} has no usable base URL with this project's credential`), o);
        continue;
      }
      if (!p.adapter.supports(req.endpoint)) {
        last ??= unsupported(`provider ${t.provider} does not serve ${req.endpoint}`);
        continue;
      }
      if (!deps.circuits.allows(t.provider)) {
        last = skip(t, circuitOpen(t.provider, deps.circuits.retryAfterS?.(t.provider) ?? 0), o);
        continue;
      }
      for (let retriesDone = 0; ; retriesDone++) {
        const end = yield* attempt(ad, req, signal, t, p, deadlineAt, t0, o);
        if (end.sent) return;
        last = end.failure;
        const next = nextStep(last, { retriesDone, remainingMs: deadlineAt - now(), sentFirstByte: false, random: random() }, policy);
        if (next.action === 'stop') return yield* finish(last, t0, o);
        if (next.action === 'fallback') break;
        await wait(next.delayMs, signal);
        if (signal?.aborted) return yield* finish(classifyFault('cancelled'), t0, o);
      }
    }
    return yield* finish(last ?? modelNotFound(`no provider serves model "${req.model}"`), t0, o);
  }

  /** A target not called (circuit open, credential unusable): recorded as an attempt without a status. */
  function skip(t: Target, f: Failure, o: Outcome): Failure {
    Object.assign(o, { provider: t.provider, model: t.model, status: 0, errorClass: f.errorClass });
    recordAttempt(o, 0);
    return f;
  }

  function* finish(f: Failure, t0: number, o: Outcome): Generator<CompleteChunk> {
    o.latencyMs = Math.round(now() - t0);
    yield* failureChunks(f, o);
  }

  function order(r: Route, req: CompleteRequest) {
    if (r.targets.length < 2 || r.strategy === 'priority') return r.targets;
    strategy.random = random();
    strategy.stickyKey = r.sticky ? stickyUser(req.body) || req.projectId : '';
    return orderTargets(r, strategy);
  }

  return {
    api: { complete },
    setRoutes: (routes) => table.set(routes),
    projectChanged: async (projectId) => projects?.changed(projectId),
    async stop() {
      stopping = true;
      await upstreams.close();
    },
    async health() {
      const out: Record<string, 'up' | 'down'> = { router: stopping ? 'down' : 'up' };
      for (const p of providers.keys()) out[`provider:${p}`] = deps.circuits.allows(p) ? 'up' : 'down';
      return out;
    },
  };
}

function priceOf(prices: Readonly<Record<string, Price>>, model: string): number | undefined {
  const p = Object.hasOwn(prices, model) ? prices[model] : undefined;
  return p ? p.input + p.output : undefined;
}
