import type { IncomingMessage, ServerResponse } from 'node:http';
import { type GatewayError, toGatewayError } from '@tollgate/errors';
import { uuidv7 } from '@tollgate/events';
import { readBody } from './body.ts';
import type { DoorContext } from './door.ts';
import { cacheMode } from './domain/cache-control.ts';
import { traceparentOf } from './domain/trace-context.ts';
import type { Endpoint } from './domain/endpoint.ts';
import { answer, type Head, prepare, startFacts } from './flow.ts';

/** How long a call whose whole answer the client already read may take to end after the client left. */
const DELIVERED_GRACE_MS = 10_000;

/** How one wire protocol renders an answer over HTTP (OpenAI passes it through; Anthropic translates it). */
export interface Renderer {
  head(res: ServerResponse, head: Head, headers: Record<string, string>): void;
  /** Returns false when the client is slow (wait for 'drain' before the next write). */
  data(res: ServerResponse, bytes: Uint8Array): boolean;
  /** The router failed; the head may or may not have been sent. */
  fail(res: ServerResponse, e: GatewayError): void;
  /** The answer ended; `complete` is false when the provider's answer broke off. */
  end(res: ServerResponse, complete: boolean): void;
  /** The client already holds the whole answer (a stream's terminator went out): its leaving cancels nothing. */
  delivered(): boolean;
}

export interface Protocol {
  /** Sends an error that refused the request before any answer (auth, validation, size). */
  refuse(res: ServerResponse, e: GatewayError): void;
  renderer(req: { model: string; stream: boolean }): Renderer;
}

/**
 * An HTTP front door: authenticate, read and validate the body for `endpoint`, run the flow, render the answer
 * with `protocol`, publish the request's event. Errors before the answer leave in the protocol's error shape.
 */
export function httpDoor(ctx: DoorContext, endpoint: Endpoint, protocol: Protocol) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedMs = ctx.now();
    const requestId = uuidv7(startedMs);
    // The id goes out with the head (writeHead with every header at once is Node's fast path) or, on an error
    // answer, through idOnError.
    const idOnError = () => {
      if (!res.headersSent) res.setHeader('x-tollgate-request-id', requestId);
    };
    // A client that goes away at any point (even while its body is read) cancels the upstream call; a write to a
    // closed response would otherwise wait forever for a 'drain' that never comes.
    const abort = new AbortController();
    let r: Renderer | undefined;
    let grace: NodeJS.Timeout | undefined;
    const onClose = () => {
      if (res.writableFinished) return;
      // The openai SDK hangs up as soon as it reads `data: [DONE]`, often before the router's trailer (usage,
      // cost) arrives: let the finished call end on its own, within a bound, instead of cancelling it.
      if (r?.delivered()) grace = setTimeout(() => abort.abort(), DELIVERED_GRACE_MS);
      else abort.abort();
    };
    res.on('close', onClose);
    try {
      let flow: Parameters<typeof answer>[1];
      try {
        const who = await ctx.authenticate(credential(req));
        const p = prepare(endpoint, await readBody(req, ctx.maxBodyBytes));
        const ticket = await ctx.admit(who, p);
        const mode = cacheMode(header(req, 'cache-control'), header(req, 'x-tollgate-cache'));
        flow = { who, requestId, startedMs, endpoint, model: p.model, stream: p.stream, body: p.body, mode, signal: abort.signal, ticket, traceparent: traceparentOf(header(req, 'traceparent')) };
      } catch (err) {
        const e = toGatewayError(err);
        ctx.onRejected?.(e);
        idOnError();
        if (e.headers && !res.headersSent) for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
        if (!res.headersSent) protocol.refuse(res, e);
        return;
      }
      const facts = startFacts(flow);
      r = protocol.renderer(flow);
      const base = { ...flow.ticket?.headers, 'x-tollgate-request-id': requestId };
      for await (const part of answer(ctx.flow, flow, facts)) {
        if (part.kind === 'head') r.head(res, part, { ...base, ...routingHeaders(part) });
        else if (part.kind === 'error') {
          idOnError();
          if (!abort.signal.aborted) r.fail(res, part.error);
        } else {
          if (abort.signal.aborted) break;
          if (!res.destroyed && !r.data(res, part.bytes)) await drained(res);
        }
      }
      if (!abort.signal.aborted && !res.destroyed) r.end(res, !!facts.trailer && !facts.trailer.errorClass && !facts.errorClass);
      ctx.publish(facts);
    } catch (err) {
      idOnError(); // the app answers what the door could not
      throw err;
    } finally {
      clearTimeout(grace);
      res.off('close', onClose);
    }
  };
}

/** `Authorization: Bearer ...`, or Anthropic's `x-api-key` as the same credential. */
export function credential(req: IncomingMessage): string | undefined {
  const auth = header(req, 'authorization');
  if (auth) return auth;
  const key = header(req, 'x-api-key');
  return key ? `Bearer ${key.trim()}` : undefined;
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Resolves when a slow client caught up, or left. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** What the gateway did for this answer, as response headers. */
function routingHeaders(h: Head): Record<string, string> {
  const out: Record<string, string> = { 'x-tollgate-cache': h.cache, 'x-tollgate-provider': h.provider };
  if (h.model) out['x-tollgate-model'] = h.model;
  if (h.cache !== 'hit') {
    out['x-tollgate-attempts'] = String(h.attempts || 1);
    out['x-tollgate-fallback'] = String(h.fallback);
  }
  return out;
}
