import { create } from '@bufbuild/protobuf';
import { GatewayError } from '@tollgate/errors';
import { uuidv7 } from '@tollgate/events';
import { CacheStatus } from '@tollgate/proto/events';
import { type AnswerInfo, AnswerInfoSchema, CacheDirective, type Gateway, type GatewayChunk, GatewayChunkSchema, type GatewayRequest, GatewayResponseSchema } from '@tollgate/proto/gateway';
import type { CallOptions, ServiceApi } from '@tollgate/rpc';
import type { DoorContext } from './door.ts';
import { errorFromAnswer } from './domain/answer-error.ts';
import type { CompletionFacts } from './domain/completion.ts';
import { type Endpoint, grpcStreaming, grpcUnary } from './domain/grpc-endpoints.ts';
import { createSseReader } from './domain/sse.ts';
import { embeddingsEndpoint } from './domain/validate-embeddings.ts';
import { traceparentOf } from './domain/trace-context.ts';
import { chatEndpoint } from './domain/validate.ts';
import { answer, type FlowRequest, prepare, startFacts } from './flow.ts';

const CACHE_STATUS = { hit: CacheStatus.HIT, miss: CacheStatus.MISS, bypass: CacheStatus.BYPASS } as const;
const MODES = {
  [CacheDirective.DEFAULT]: { lookup: true, store: true },
  [CacheDirective.BYPASS]: { lookup: false, store: true },
  [CacheDirective.NO_STORE]: { lookup: false, store: false },
};

/**
 * tollgate.v1.Gateway over the same flow as HTTP: metadata `authorization` is the key, the body is OpenAI's JSON,
 * the answer OpenAI's JSON (or its chunks). Failures throw GatewayErrors, which the rpc adapter sends as gRPC
 * statuses with the error kind and field in trailing metadata.
 */
export function grpcGateway(ctx: DoorContext): ServiceApi<typeof Gateway> {
  const chat = grpcUnary(chatEndpoint, 'StreamChatCompletion');
  const embeddings = grpcUnary(embeddingsEndpoint);
  const streamChat = grpcStreaming(chatEndpoint);

  async function begin(endpoint: Endpoint, req: GatewayRequest, opts: CallOptions): Promise<FlowRequest> {
    const startedMs = ctx.now();
    try {
      const who = await ctx.authenticate(opts.metadata?.authorization);
      if (req.body.length > ctx.maxBodyBytes) throw new GatewayError('payload_too_large', `the request body is larger than ${ctx.maxBodyBytes} bytes`);
      const p = prepare(endpoint, req.body);
      const ticket = await ctx.admit(who, p);
      const mode = MODES[req.cache] ?? MODES[CacheDirective.DEFAULT];
      return { who, requestId: uuidv7(startedMs), startedMs, endpoint, model: p.model, stream: p.stream, body: p.body, mode, signal: opts.signal ?? new AbortController().signal, ticket, traceparent: traceparentOf(opts.metadata?.traceparent) };
    } catch (err) {
      if (err instanceof GatewayError) ctx.onRejected?.(err);
      throw err;
    }
  }

  async function unary(endpoint: Endpoint, req: GatewayRequest, opts: CallOptions = {}) {
    const flow = await begin(endpoint, req, opts);
    const facts = startFacts(flow);
    try {
      let status = 0;
      let info: AnswerInfo | undefined;
      const body: Uint8Array[] = [];
      for await (const part of answer(ctx.flow, flow, facts)) {
        if (part.kind === 'error') throw part.error;
        if (part.kind === 'head') {
          status = part.status;
          info = infoOf(flow.requestId, part.provider, part.cache);
        } else body.push(part.bytes);
      }
      if (status !== 200) throw errorFromAnswer(status, Buffer.concat(body));
      return create(GatewayResponseSchema, { body: Buffer.concat(body), info });
    } finally {
      ctx.publish(facts);
    }
  }

  async function* stream(req: GatewayRequest, opts: CallOptions = {}): AsyncGenerator<GatewayChunk> {
    const flow = await begin(streamChat, req, opts);
    const facts: CompletionFacts = startFacts(flow);
    try {
      let status = 0;
      let info: AnswerInfo | undefined;
      const reader = createSseReader();
      const errorBody: Uint8Array[] = [];
      for await (const part of answer(ctx.flow, flow, facts)) {
        if (part.kind === 'error') throw part.error;
        if (part.kind === 'head') {
          status = part.status;
          info = infoOf(flow.requestId, part.provider, part.cache);
          continue;
        }
        if (status !== 200) {
          errorBody.push(part.bytes);
          continue;
        }
        for (const data of reader.push(part.bytes)) {
          if (data.trim() === '[DONE]') continue;
          yield create(GatewayChunkSchema, { chunk: Buffer.from(data), info });
          info = undefined;
        }
      }
      if (status !== 200) throw errorFromAnswer(status, Buffer.concat(errorBody));
      if (facts.trailer?.errorClass || facts.errorClass) throw new GatewayError('upstream_error', 'the provider ended the stream early');
    } finally {
      ctx.publish(facts);
    }
  }

  return {
    chatCompletion: (req, opts) => unary(chat, req, opts),
    embeddings: (req, opts) => unary(embeddings, req, opts),
    streamChatCompletion: stream,
  };
}

function infoOf(requestId: string, provider: string, cache: CompletionFacts['cache']): AnswerInfo {
  return create(AnswerInfoSchema, { requestId, provider, cacheStatus: CACHE_STATUS[cache] });
}
