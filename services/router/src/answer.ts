import type { Price } from '@tollgate/config';
import type { CompleteChunk } from '@tollgate/proto/router';
import { data, head, headerValue, MAX_DATA_CHUNK, type Outcome, recordAttempt, trailer } from './chunks.ts';
import { classifyFault, type Failure, type Fault, faultOf } from './domain/classify.ts';
import { costNanousd, estimateTokens } from './domain/cost.ts';
import type { Adapter, DecodeCtx } from './providers/provider.ts';
import type { AttemptTimer } from './upstream.ts';
import type { UpstreamResponse } from './upstream-call.ts';

/** What an answer needs beyond the upstream response. */
export interface AnswerCtx {
  now: () => number;
  /** When the request started (latency and ttft are the client's) and when this attempt started. */
  t0: number;
  attemptT0: number;
  prices: Readonly<Record<string, Price>>;
  /** The model the client asked for (an alias, or with a provider prefix): the last fallback key for prices. */
  requestedModel: string;
  timer: AttemptTimer;
  adapter: Adapter;
  decode: DecodeCtx;
}

/** How an attempt ended: answered (the client got a head), or failed with nothing sent (it may be retried). */
export type AttemptEnd = { sent: true } | { sent: false; failure: Failure };

/**
 * A complete JSON answer. It is read whole (and translated, for non-OpenAI formats) before the head is sent, so
 * that a malformed body or a connection lost mid-body is a failure that may fall back, never a truncated 200.
 */
export async function* jsonAnswer(res: UpstreamResponse, o: Outcome, ctx: AnswerCtx): AsyncGenerator<CompleteChunk, AttemptEnd> {
  let contentType = headerValue(res.headers['content-type']) || 'application/json';
  let body: Buffer | Uint8Array | string;
  try {
    body = await readAll(res.body);
  } catch (err) {
    return { sent: false, failure: classifyFault(faultOf(err, ctx.timer)) };
  }
  if (contentType.includes('json')) {
    const decoded = ctx.adapter.decode(body as Buffer, ctx.decode);
    if (!decoded) return { sent: false, failure: classifyFault('malformed') };
    o.tokensIn = decoded.facts.tokensIn;
    o.tokensOut = decoded.facts.tokensOut;
    o.servedModel = decoded.facts.model;
    body = decoded.body;
    contentType = typeof body === 'string' ? 'application/json' : contentType;
    price(o, ctx);
  }
  o.latencyMs = o.ttftMs = Math.round(ctx.now() - ctx.t0);
  recordAttempt(o, ctx.now() - ctx.attemptT0);
  yield head(res.statusCode, contentType, o, o.servedModel || o.model);
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  for (let i = 0; i < bytes.length; i += MAX_DATA_CHUNK) yield data(bytes.subarray(i, i + MAX_DATA_CHUNK));
  yield trailer(o);
  return { sent: true };
}

/**
 * An SSE answer, translated to OpenAI chunks if need be and forwarded event-aligned as it arrives. The head goes
 * out with the first event, so a stream that fails before any event is a failure that may fall back; once an
 * event was sent, a failure ends the answer (what was sent stays) and is reported in the trailer. Tokens come
 * from the provider's usage, or are estimated when it sent none, so a stream is never recorded at zero.
 */
export async function* streamAnswer(res: UpstreamResponse, o: Outcome, ctx: AnswerCtx): AsyncGenerator<CompleteChunk, AttemptEnd> {
  const dec = ctx.adapter.stream(ctx.decode);
  const contentType = 'text/event-stream';
  let sent = false;
  let fault: Fault | undefined;
  let ttftSeen = false;
  try {
    for await (const chunk of res.body) {
      const out = dec.push(chunk);
      if (!ttftSeen && dec.sawContent) {
        ttftSeen = true;
        o.ttftMs = Math.round(ctx.now() - ctx.t0);
      }
      if (!out) continue;
      if (!sent) {
        if (dec.sawError) break; // an error before any content: fall back rather than forward it
        sent = true;
        yield head(res.statusCode, contentType, o, o.model);
      }
      yield data(out);
    }
    const tail = dec.end();
    if (tail && !dec.sawError) {
      if (!sent) yield head(res.statusCode, contentType, o, o.model);
      sent = true;
      yield data(tail);
    }
    if (!dec.done) fault = 'cut';
  } catch (err) {
    fault = faultOf(err, ctx.timer);
    if (fault === 'connection' || fault === 'internal') fault = 'cut';
  }
  if (dec.sawError) fault = 'stream_error';
  if (!sent && fault) return { sent: false, failure: classifyFault(fault) };
  if (!sent) yield head(res.statusCode, contentType, o, o.model);
  o.latencyMs = Math.round(ctx.now() - ctx.t0);
  o.servedModel = dec.model;
  const usage = dec.usage;
  o.tokensIn = usage?.tokensIn || estimateTokens(ctx.decode.promptChars);
  o.tokensOut = usage ? usage.tokensOut : estimateTokens(dec.contentChars);
  price(o, ctx);
  if (fault) {
    const f = classifyFault(fault);
    o.errorClass = f.errorClass;
    o.errorMessage = f.message;
  }
  recordAttempt(o, ctx.now() - ctx.attemptT0);
  yield trailer(o);
  return { sent: true };
}

/** Cost by served model, then the model asked of the provider, then the client's own model name. */
function price(o: Outcome, ctx: AnswerCtx): void {
  o.costNanousd = costNanousd(ctx.prices, o.servedModel, o.model, o.tokensIn, o.tokensOut);
  if (!o.costNanousd && ctx.requestedModel !== o.model) o.costNanousd = costNanousd(ctx.prices, '', ctx.requestedModel, o.tokensIn, o.tokensOut);
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
