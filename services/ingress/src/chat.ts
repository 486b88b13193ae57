import type { IncomingMessage, ServerResponse } from 'node:http';
import { create } from '@bufbuild/protobuf';
import { type CacheService, LookupRequestSchema } from '@tollgate/proto/cache';
import { ErrorClass } from '@tollgate/proto/events';
import { CompleteRequestSchema, type ResponseTrailer, type RouterService } from '@tollgate/proto/router';
import { toGatewayError } from '@tollgate/errors';
import type { ServiceApi } from '@tollgate/rpc';
import { readBody, parseJson } from './body.ts';
import { cacheMode } from './domain/cache-control.ts';
import type { CompletionFacts } from './domain/completion.ts';
import { validateChatRequest } from './domain/validate.ts';
import type { ApiKeyIdentity } from './auth.ts';

/** Largest answer the cache is offered; bigger ones are served but not stored. */
const MAX_CACHED_BYTES = 1024 * 1024;

export interface ChatDeps {
  cache: ServiceApi<typeof CacheService>;
  router: ServiceApi<typeof RouterService>;
  maxBodyBytes: number;
  now: () => number;
  onCacheError: (err: unknown) => void;
}

/**
 * POST /v1/chat/completions for an authenticated caller: validate, look up the cache, otherwise route, and
 * stream the answer to the client as it arrives. Returns the facts of the request for its event; throws a
 * GatewayError for anything rejected before the response started.
 */
export async function handleChat(
  deps: ChatDeps,
  req: IncomingMessage,
  res: ServerResponse,
  who: ApiKeyIdentity,
  base: { requestId: string; startedMs: number },
): Promise<CompletionFacts> {
  // A client that goes away at any point (even while its body is read) cancels the upstream call; a write to a
  // closed response would otherwise wait forever for a 'drain' that never comes.
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  try {
    return await serve(deps, req, res, who, base, abort);
  } finally {
    res.off('close', onClose);
  }
}

async function serve(
  deps: ChatDeps,
  req: IncomingMessage,
  res: ServerResponse,
  who: ApiKeyIdentity,
  base: { requestId: string; startedMs: number },
  abort: AbortController,
): Promise<CompletionFacts> {
  const raw = await readBody(req, deps.maxBodyBytes);
  const info = validateChatRequest(parseJson(raw));
  const mode = cacheMode(header(req, 'cache-control'), header(req, 'x-tollgate-cache'));
  const facts: CompletionFacts = {
    ...base,
    projectId: who.projectId,
    keyId: who.keyId,
    endpoint: '/chat/completions',
    model: info.model,
    endedMs: 0,
    status: 0,
    streaming: info.stream,
    cache: mode.lookup ? 'miss' : 'bypass',
    provider: '',
    cancelled: false,
  };

  if (mode.lookup) {
    const hit = await deps.cache.lookup(create(LookupRequestSchema, { projectId: who.projectId, request: raw })).catch((err: unknown) => {
      deps.onCacheError(err);
      return undefined;
    });
    if (hit?.hit) {
      res.writeHead(200, {
        'content-type': hit.contentType,
        'content-length': hit.response.length,
        'x-tollgate-request-id': base.requestId,
        'x-tollgate-cache': 'hit',
        'x-tollgate-provider': hit.provider,
      });
      res.end(hit.response);
      return { ...facts, cache: 'hit', status: 200, provider: hit.provider, endedMs: deps.now(), trailer: { model: hit.model, provider: hit.provider } as ResponseTrailer };
    }
  }

  const keep: Buffer[] | undefined = mode.store ? [] : undefined;
  let kept = 0;
  try {
    const call = create(CompleteRequestSchema, {
      requestId: base.requestId,
      projectId: who.projectId,
      endpoint: '/chat/completions',
      model: info.model,
      stream: info.stream,
      body: raw,
    });
    for await (const chunk of deps.router.complete(call, { signal: abort.signal })) {
      const k = chunk.kind;
      if (k.case === 'data') {
        if (keep && kept + k.value.length <= MAX_CACHED_BYTES) keep.push(Buffer.from(k.value.buffer, k.value.byteOffset, k.value.length));
        kept += k.value.length;
        if (abort.signal.aborted) break;
        if (!res.write(k.value)) await drained(res, abort.signal);
      } else if (k.case === 'head') {
        facts.status = k.value.status;
        facts.provider = k.value.provider;
        const headers: Record<string, string> = {
          'content-type': k.value.contentType || 'application/json',
          'x-tollgate-request-id': base.requestId,
          'x-tollgate-cache': facts.cache,
          'x-tollgate-provider': k.value.provider,
        };
        if (info.stream && k.value.status === 200) headers['cache-control'] = 'no-cache';
        if (k.value.retryAfterS) headers['retry-after'] = String(k.value.retryAfterS);
        res.writeHead(k.value.status, headers);
      } else if (k.case === 'trailer') {
        facts.trailer = k.value;
      }
    }
  } catch (err) {
    // The router (or the link to it) failed: answer with the mapped error if nothing was sent yet, else cut
    // the response so the client sees an incomplete answer rather than a silently truncated one.
    const e = toGatewayError(err);
    facts.errorClass = ErrorClass.INTERNAL;
    facts.errorMessage = e.message;
    if (!res.headersSent) {
      facts.status = e.status;
      res.writeHead(e.status, { 'content-type': 'application/json', 'x-tollgate-request-id': base.requestId, 'x-tollgate-cache': facts.cache });
      res.write(JSON.stringify(e.toJSON()));
    } else if (!abort.signal.aborted) {
      res.destroy();
    }
  }
  res.end();
  facts.endedMs = deps.now();
  facts.cancelled = abort.signal.aborted;
  const t = facts.trailer;
  if (keep && facts.status === 200 && !facts.cancelled && t && !t.errorClass && kept <= MAX_CACHED_BYTES) {
    facts.cacheEntry = { request: raw, response: Buffer.concat(keep, kept), contentType: String(res.getHeader('content-type')), provider: t.provider, model: t.model };
  }
  return facts;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
