import type { Price, ProviderConfig } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import type { CompleteChunk, CompleteRequest, RouterService } from '@tollgate/proto/router';
import type { CallOptions, ServiceApi } from '@tollgate/rpc';
import type { Logger, Registry } from '@tollgate/telemetry';
import { type AnswerCtx, headerValue, jsonAnswer, streamAnswer } from './answer.ts';
import { failureChunks, upstreamFailure } from './answer-error.ts';
import type { Outcome } from './chunks.ts';
import { classifyFault, faultOf } from './domain/classify.ts';
import { prepareBody, validEndpoint } from './domain/request.ts';
import { type CircuitView, indexProviders, selectProvider } from './domain/select.ts';
import { RouterMetrics } from './metrics.ts';
import { Deadline, Upstreams } from './upstream.ts';

export interface RouterDeps {
  providers: ProviderConfig[];
  /** USD per million tokens, by model. */
  prices: Record<string, Price>;
  circuits: CircuitView;
  logger: Logger;
  /** Total deadline of one upstream request unless the request brings its own (deadline_ms). */
  upstreamTimeoutMs: number;
  /** Clock in ms (Date.now by default): latencies, ttft and Retry-After dates. */
  now?: () => number;
  /** Where per-provider counters and latency histograms go, if anywhere. */
  metrics?: Registry;
}

export interface Router {
  api: ServiceApi<typeof RouterService>;
  /** Refuses new requests, waits for in-flight upstream calls, closes connections. */
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

/**
 * The router: picks a provider for each request and streams its answer back as CompleteChunks (exactly one
 * head, data, exactly one trailer). It never throws to its caller; every failure is an answer with an error
 * status. Aborting the caller's signal cancels the upstream call; a consumer that keeps reading after the
 * abort still receives the trailer (tokens so far, error class CANCELLED), so the request can be recorded.
 */
export function createRouter(deps: RouterDeps): Router {
  const now = deps.now ?? Date.now;
  const index = indexProviders(deps.providers);
  const upstreams = new Upstreams(deps.providers);
  const metrics = deps.metrics ? new RouterMetrics(deps.metrics) : undefined;
  let stopping = false;

  async function* complete(req: CompleteRequest, opts: CallOptions = {}): AsyncGenerator<CompleteChunk> {
    const t0 = now();
    const o: Outcome = { provider: '', model: req.model, servedModel: '', status: 0, tokensIn: 0, tokensOut: 0, costNanousd: 0n, ttftMs: 0, latencyMs: 0, errorClass: ErrorClass.NONE, errorMessage: '' };
    try {
      yield* route(req, opts, t0, o);
    } finally {
      metrics?.record(o);
    }
  }

  async function* route(req: CompleteRequest, opts: CallOptions, t0: number, o: Outcome): AsyncGenerator<CompleteChunk> {
    if (stopping) return yield* failureChunks({ kind: 'unavailable', errorClass: ErrorClass.INTERNAL, message: 'the router is shutting down', retryAfterS: 1 }, o);
    if (!validEndpoint(req.endpoint)) return yield* failureChunks({ kind: 'not_found', errorClass: ErrorClass.NOT_FOUND, message: 'unknown endpoint', retryAfterS: 0 }, o);
    const sel = selectProvider(index, req.model, deps.circuits);
    if (!sel.ok) return yield* failureChunks(sel.failure, o);
    o.provider = sel.provider.name;
    o.model = sel.model;
    const prepared = prepareBody(req.body, req.stream, sel.stripped ? sel.model : undefined);
    if (!prepared) return yield* failureChunks({ kind: 'invalid_json', errorClass: ErrorClass.BAD_REQUEST, message: 'the request body is not a JSON object', retryAfterS: 0 }, o);
    const deadline = new Deadline(req.deadlineMs || deps.upstreamTimeoutMs, opts.signal);
    let res: Awaited<ReturnType<Upstreams['post']>> | undefined;
    try {
      try {
        res = await upstreams.post(sel.provider.name, req.endpoint, prepared.body, deadline.signal, req.traceparent);
      } catch (err) {
        o.latencyMs = Math.round(now() - t0);
        const fault = faultOf(err, deadline);
        if (fault === 'internal') deps.logger.error('upstream call failed', { provider: o.provider, err });
        return yield* failureChunks(classifyFault(fault), o);
      }
      o.status = res.statusCode;
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const failure = await upstreamFailure(res, now());
        o.latencyMs = Math.round(now() - t0);
        deps.logger.debug('upstream refused', { provider: o.provider, status: res.statusCode });
        return yield* failureChunks(failure, o);
      }
      const ctx: AnswerCtx = { now, t0, prices: deps.prices, requestedModel: req.model, deadline, prepared };
      const sse = req.stream && headerValue(res.headers['content-type']).startsWith('text/event-stream');
      yield* sse ? streamAnswer(res, o, ctx) : jsonAnswer(res, o, ctx);
    } finally {
      deadline.dispose();
      if (res && !res.body.destroyed) res.body.destroy(); // the consumer left early: drop the upstream call
    }
  }

  return {
    api: { complete },
    async stop() {
      stopping = true;
      await upstreams.close();
    },
    async health() {
      const out: Record<string, 'up' | 'down'> = { router: stopping ? 'down' : 'up' };
      for (const p of deps.providers) out[`provider:${p.name}`] = deps.circuits.allows(p.name) ? 'up' : 'down';
      return out;
    },
  };
}
