import type { Price } from '@tollgate/config';
import type { CompleteChunk } from '@tollgate/proto/router';
import type { Dispatcher } from 'undici';
import { failureChunks } from './answer-error.ts';
import { data, head, MAX_DATA_CHUNK, type Outcome, trailer } from './chunks.ts';
import { classifyFault, faultOf, type Fault } from './domain/classify.ts';
import { costNanousd, estimateTokens } from './domain/cost.ts';
import type { Prepared } from './domain/request.ts';
import { answerFacts } from './domain/response.ts';
import { SseScanner } from './domain/sse.ts';
import type { Deadline } from './upstream.ts';

/** What an answer needs beyond the upstream response. */
export interface AnswerCtx {
  now: () => number;
  t0: number;
  prices: Readonly<Record<string, Price>>;
  /** The model the client asked for, before any prefix was stripped (a fallback key for prices). */
  requestedModel: string;
  deadline: Deadline;
  prepared: Prepared;
}

/**
 * A complete JSON answer. It is read whole before the head is sent, so that a malformed body or a connection
 * lost mid-body still becomes an error status rather than a truncated 200.
 */
export async function* jsonAnswer(res: Dispatcher.ResponseData, o: Outcome, ctx: AnswerCtx): AsyncGenerator<CompleteChunk> {
  const contentType = headerValue(res.headers['content-type']) || 'application/json';
  let body: Buffer;
  try {
    body = await readAll(res.body);
  } catch (err) {
    o.latencyMs = Math.round(ctx.now() - ctx.t0);
    return yield* failureChunks(classifyFault(faultOf(err, ctx.deadline)), o);
  }
  o.latencyMs = o.ttftMs = Math.round(ctx.now() - ctx.t0);
  if (contentType.includes('json')) {
    const facts = answerFacts(body.toString('utf8'));
    if (!facts) return yield* failureChunks(classifyFault('malformed'), o);
    o.tokensIn = facts.tokensIn;
    o.tokensOut = facts.tokensOut;
    o.servedModel = facts.model;
    price(o, ctx);
  }
  yield head(res.statusCode, contentType, o.provider, o.servedModel || o.model);
  for (let i = 0; i < body.length; i += MAX_DATA_CHUNK) yield data(body.subarray(i, i + MAX_DATA_CHUNK));
  yield trailer(o);
}

/**
 * An SSE answer, forwarded event-aligned as it arrives. A stream that ends without [DONE] keeps what was sent
 * and reports the failure in the trailer. Tokens come from the usage event, or are estimated when the
 * provider sent none, so a stream is never recorded at zero.
 */
export async function* streamAnswer(res: Dispatcher.ResponseData, o: Outcome, ctx: AnswerCtx): AsyncGenerator<CompleteChunk> {
  const scan = new SseScanner(ctx.prepared.clientUsage);
  yield head(res.statusCode, headerValue(res.headers['content-type']) || 'text/event-stream', o.provider, o.model);
  let fault: Fault | undefined;
  let ttftSeen = false;
  try {
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      const out = scan.push(chunk);
      if (!ttftSeen && scan.sawContent) {
        ttftSeen = true;
        o.ttftMs = Math.round(ctx.now() - ctx.t0);
      }
      if (out) yield data(out);
    }
    if (!scan.done) fault = 'cut';
  } catch (err) {
    fault = faultOf(err, ctx.deadline);
    if (fault === 'connection' || fault === 'internal') fault = 'cut';
  }
  if (!fault && scan.sawError) fault = 'stream_error';
  o.latencyMs = Math.round(ctx.now() - ctx.t0);
  o.servedModel = scan.model;
  const usage = scan.usage;
  o.tokensIn = usage ? usage.tokensIn : estimateTokens(ctx.prepared.promptChars);
  o.tokensOut = usage ? usage.tokensOut : estimateTokens(scan.contentChars);
  price(o, ctx);
  if (fault) {
    const f = classifyFault(fault);
    o.errorClass = f.errorClass;
    o.errorMessage = f.message;
  }
  yield trailer(o);
}

/** Cost by served model, then the model asked of the provider, then the client's own (prefixed) model name. */
function price(o: Outcome, ctx: AnswerCtx): void {
  o.costNanousd = costNanousd(ctx.prices, o.servedModel, o.model, o.tokensIn, o.tokensOut);
  if (!o.costNanousd && ctx.requestedModel !== o.model) o.costNanousd = costNanousd(ctx.prices, '', ctx.requestedModel, o.tokensIn, o.tokensOut);
}

export function headerValue(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

async function readAll(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}
