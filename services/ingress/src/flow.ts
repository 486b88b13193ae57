import { type GatewayError, toGatewayError } from '@tollgate/errors';
import type { CacheService } from '@tollgate/proto/cache';
import { ErrorClass } from '@tollgate/proto/events';
import type { CompleteRequest, ResponseTrailer, RouterService } from '@tollgate/proto/router';
import type { ServiceApi } from '@tollgate/rpc';
import type { ApiKeyIdentity } from './auth.ts';
import { parseJson } from './body.ts';
import { capBody, captureBody, type CompletionFacts, joinParts, type StoreBodiesMode, storesBodies } from './domain/completion.ts';
import type { Endpoint } from './domain/endpoint.ts';
import type { Admitted } from './admission.ts';

// The one request flow behind every front door (OpenAI HTTP, Anthropic HTTP, gRPC): cache lookup, routing and
// the facts of the request for its event. Doors authenticate, read and render; this knows no transport.

/** Largest answer the cache is offered; bigger ones are served but not stored. */
const MAX_CACHED_BYTES = 1024 * 1024;

export interface FlowDeps {
  cache: ServiceApi<typeof CacheService>;
  router: ServiceApi<typeof RouterService>;
  now: () => number;
  onCacheError: (err: unknown) => void;
  /** store_bodies of projects that did not choose (TOLLGATE_STORE_BODIES); absent: events say "unspecified". */
  defaultStoreBodies?: StoreBodiesMode;
}

export interface FlowRequest {
  who: ApiKeyIdentity;
  requestId: string;
  startedMs: number;
  endpoint: Endpoint;
  model: string;
  stream: boolean;
  /** The OpenAI body forwarded to the router; also the cache key. */
  body: Uint8Array;
  mode: { lookup: boolean; store: boolean };
  /** Fires when the client went away: the upstream call is cancelled. */
  signal: AbortSignal;
  /** The client's W3C traceparent ('' for none): sent upstream and recorded in the event's envelope. */
  traceparent: string;
  /** What admission granted (rate limit headers, budget reservation); settled with the request's real usage. */
  ticket?: Admitted;
}

export interface Head {
  kind: 'head';
  status: number;
  contentType: string;
  provider: string;
  cache: CompletionFacts['cache'];
  retryAfterS: number;
  /** The model that answered, upstream attempts made (retries, fallbacks) and whether a fallback target answered. */
  model: string;
  attempts: number;
  fallback: boolean;
  /** Known for answers replayed from the cache. */
  contentLength?: number;
}

/** The answer as it arrives: one head, data; `error` when the router failed (before or after the head). */
export type Part = Head | { kind: 'data'; bytes: Uint8Array } | { kind: 'error'; error: GatewayError };

/** Parses and validates a body for an endpoint: what to route, and the bytes to forward. */
export function prepare(endpoint: Endpoint, raw: Uint8Array): Prepared {
  const parsed = parseJson(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength));
  const r = endpoint.read(parsed);
  const sent = (r.forward ?? parsed) as Record<string, unknown>;
  const maxTokens = sent.max_completion_tokens ?? sent.max_tokens;
  return {
    model: r.model,
    stream: r.stream,
    body: r.forward ? Buffer.from(JSON.stringify(r.forward)) : raw,
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
  };
}

export interface Prepared {
  model: string;
  stream: boolean;
  body: Uint8Array;
  /** The completion allowance the client asked for, for admission's cost estimate. */
  maxTokens: number | undefined;
}

export function startFacts(r: FlowRequest): CompletionFacts {
  return {
    requestId: r.requestId,
    startedMs: r.startedMs,
    projectId: r.who.projectId,
    keyId: r.who.keyId,
    endpoint: r.endpoint.label,
    model: r.model,
    endedMs: 0,
    status: 0,
    streaming: r.stream,
    cache: r.endpoint.cacheable && r.mode.lookup ? 'miss' : 'bypass',
    provider: '',
    cancelled: false,
    ticket: r.ticket,
    storeBodies: r.who.storeBodies,
    traceparent: r.traceparent,
  };
}

/**
 * The answer to an admitted request, from the cache or the router. Fills `facts` as it goes; when the generator
 * ends (or its consumer stops early) they are complete, cache entry included.
 */
export async function* answer(deps: FlowDeps, r: FlowRequest, facts: CompletionFacts): AsyncGenerator<Part> {
  const store = r.endpoint.cacheable && r.mode.store;
  const keep: Buffer[] | undefined = store ? [] : undefined;
  let kept = 0;
  let contentType = '';
  facts.storeBodies ??= deps.defaultStoreBodies;
  // The bodies travel with the event only when the project stores them (at most 64 KiB each).
  const stored = storesBodies(facts.storeBodies) ? captureBody() : undefined;
  try {
    if (facts.cache === 'miss') {
      const hit = await deps.cache.lookup({ $typeName: 'tollgate.v1.LookupRequest', projectId: r.who.projectId, request: r.body }).catch((err: unknown) => {
        deps.onCacheError(err);
        return undefined;
      });
      if (hit?.hit) {
        Object.assign(facts, { cache: 'hit', status: 200, provider: hit.provider, trailer: { model: hit.model, provider: hit.provider } as ResponseTrailer });
        yield { kind: 'head', status: 200, contentType: hit.contentType, provider: hit.provider, cache: 'hit', retryAfterS: 0, model: hit.model, attempts: 0, fallback: false, contentLength: hit.response.length };
        stored?.add(hit.response);
        yield { kind: 'data', bytes: hit.response };
        return;
      }
    }
    // Literals, not create(): built on every request (both are small messages whose fields are all given here).
    const call: CompleteRequest = { $typeName: 'tollgate.v1.CompleteRequest', requestId: r.requestId, projectId: r.who.projectId, endpoint: r.endpoint.upstream, model: r.model, stream: r.stream, body: r.body, deadlineMs: 0, traceparent: r.traceparent };
    try {
      for await (const chunk of deps.router.complete(call, { signal: r.signal })) {
        const k = chunk.kind;
        if (k.case === 'data') {
          if (keep && kept + k.value.length <= MAX_CACHED_BYTES) keep.push(Buffer.from(k.value.buffer, k.value.byteOffset, k.value.length));
          kept += k.value.length;
          stored?.add(k.value);
          yield { kind: 'data', bytes: k.value };
        } else if (k.case === 'head') {
          facts.status = k.value.status;
          facts.provider = k.value.provider;
          contentType = k.value.contentType || 'application/json';
          yield { kind: 'head', status: k.value.status, contentType, provider: k.value.provider, cache: facts.cache, retryAfterS: k.value.retryAfterS, model: k.value.model, attempts: k.value.attempts, fallback: k.value.fallback };
        } else if (k.case === 'trailer') {
          facts.trailer = k.value;
        }
      }
    } catch (err) {
      // The router (or the link to it) failed; the door answers with the error or cuts a started answer.
      const e = toGatewayError(err);
      facts.errorClass = ErrorClass.INTERNAL;
      facts.errorMessage = e.message;
      if (!facts.status) facts.status = e.status;
      yield { kind: 'error', error: e };
    }
  } finally {
    facts.endedMs = deps.now();
    // A client that closes as soon as it has read the whole answer (the openai SDK does so at `data: [DONE]`)
    // did not cancel anything: only an answer that the router could not finish counts as cancelled.
    facts.cancelled = r.signal.aborted && (!facts.trailer || facts.trailer.errorClass === ErrorClass.CANCELLED);
    const t = facts.trailer;
    if (keep && facts.cache !== 'hit' && facts.status === 200 && !facts.cancelled && t && !t.errorClass && !facts.errorClass && kept <= MAX_CACHED_BYTES) {
      facts.cacheEntry = { request: r.body, response: joinParts(keep, kept), contentType, provider: t.provider, model: t.model };
    }
    // A cache entry already carries both bodies (ingest cuts them); otherwise they travel on their own.
    if (stored && !facts.cacheEntry) facts.bodies = { request: capBody(r.body), response: stored.result() };
  }
}
