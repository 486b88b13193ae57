import type { Price } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import type { CompleteChunk, CompleteRequest } from '@tollgate/proto/router';
import type { Logger } from '@tollgate/telemetry';
import { type AnswerCtx, type AttemptEnd, jsonAnswer, streamAnswer } from './answer.ts';
import { upstreamFailure } from './answer-error.ts';
import { headerValue, type Outcome, recordAttempt } from './chunks.ts';
import { classifyFault, type Failure, faultOf } from './domain/classify.ts';
import type { LatencyTable } from './domain/latency.ts';
import type { Target } from './domain/routes.ts';
import { isFailure } from './providers/provider.ts';
import { AttemptTimer, type Provider, type Upstreams } from './upstream.ts';
import type { UpstreamResponse } from './upstream-call.ts';

/** What one attempt needs from the router. */
export interface AttemptDeps {
  now: () => number;
  upstreams: Upstreams;
  latency: LatencyTable;
  prices: Readonly<Record<string, Price>>;
  logger: Logger;
}

// Failures that say something about the target's speed or health, and so feed the latency statistics.
const SLOW = new Set<ErrorClass>([ErrorClass.TIMEOUT, ErrorClass.UPSTREAM, ErrorClass.CONNECTION, ErrorClass.RATE_LIMITED]);

/**
 * One call to one target. Answered: the chunks are yielded (head, data, trailer) and it returns sent. Failed
 * before anything was sent: it yields nothing, records the attempt and returns the failure, so the caller may
 * retry or fall back. `o` carries the target and collects the attempts.
 */
export async function* attempt(d: AttemptDeps, req: CompleteRequest, signal: AbortSignal | undefined, t: Target, p: Provider, deadlineAt: number, t0: number, o: Outcome): AsyncGenerator<CompleteChunk, AttemptEnd> {
  const attemptT0 = d.now();
  o.provider = t.provider;
  o.model = t.model;
  if (++o.tries === 1) o.firstTarget = `${t.provider}/${t.model}`;
  o.status = 0;
  o.errorClass = ErrorClass.NONE;
  const fail = (failure: Failure): AttemptEnd => {
    o.errorClass = failure.errorClass;
    const elapsed = d.now() - attemptT0;
    recordAttempt(o, elapsed);
    if (SLOW.has(failure.errorClass)) d.latency.penalize(t.key, elapsed);
    return { sent: false, failure };
  };
  const enc = p.adapter.encode({ endpoint: req.endpoint, stream: req.stream, raw: req.body, model: t.model, requestedModel: req.model }, p.cfg);
  if (isFailure(enc)) return fail(enc);
  const ep = d.upstreams.endpointOf(t);
  const remaining = deadlineAt - attemptT0;
  if (!ep || remaining <= 0) return fail(classifyFault(ep ? 'timeout' : 'internal'));
  const timer = new AttemptTimer(t.timeoutMs ? Math.min(t.timeoutMs, remaining) : remaining, t.firstByteTimeoutMs, signal, d.now);
  let res: UpstreamResponse | undefined;
  try {
    try {
      res = await d.upstreams.post(ep, enc.path, enc.body, timer.signal, req.traceparent);
    } catch (err) {
      const fault = faultOf(err, timer);
      if (fault === 'internal') d.logger.error('upstream call failed', { provider: t.provider, err });
      return fail(classifyFault(fault));
    }
    timer.headArrived(t.firstByteTimeoutMs);
    o.status = res.statusCode;
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const failure = await upstreamFailure(res, d.now());
      d.logger.debug('upstream refused', { provider: t.provider, status: res.statusCode, reason: failure.reason });
      return fail(failure);
    }
    d.latency.observe(t.key, d.now() - attemptT0);
    const ctx: AnswerCtx = {
      now: d.now,
      t0,
      attemptT0,
      prices: d.prices,
      requestedModel: req.model,
      timer,
      adapter: p.adapter,
      decode: { endpoint: req.endpoint, model: t.model, clientUsage: enc.clientUsage, promptChars: enc.promptChars, memo: enc.memo, nowS: Math.floor(d.now() / 1000), id: `chatcmpl-${req.requestId || 'tollgate'}` },
    };
    const sse = req.stream && headerValue(res.headers['content-type']).startsWith('text/event-stream');
    const end = yield* sse ? streamAnswer(res, o, ctx) : jsonAnswer(res, o, ctx);
    return end.sent ? end : fail(end.failure);
  } finally {
    timer.dispose();
    if (res && !res.body.destroyed) res.body.destroy(); // the consumer left early, or a failure: drop the call
  }
}
