// Test support: an ingress whose router and cache are scripted (no ports), with the real in-process bus so the
// events are the ones other services would receive. Used by the front-door tests.
import { create } from '@bufbuild/protobuf';
import { createMemoryBus } from '@tollgate/bus';
import { hashApiKey } from '@tollgate/db';
import { decodeEnvelope, decodePayload, ensureStreams } from '@tollgate/events';
import { type LookupRequest, LookupResponseSchema } from '@tollgate/proto/cache';
import type { RequestCompleted } from '@tollgate/proto/events';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { type CompleteChunk, CompleteChunkSchema, type CompleteRequest } from '@tollgate/proto/router';
import { createLogger, Registry } from '@tollgate/telemetry';
import { createIngress } from './app.ts';

export const KEY = 'tg_test_key_0123456789';
const enc = new TextEncoder();
const chunk = (kind: CompleteChunk['kind']) => create(CompleteChunkSchema, { kind });
const sse = (o: object) => `data: ${JSON.stringify(o)}\n\n`;
const ck = (delta: object, finish: string | null = null) => sse({ id: 'chatcmpl-s', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] });
const USAGE = { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 };

/** What the scripted provider answers, by endpoint and request: data pieces after a 200 head, or an error. */
function script(req: CompleteRequest): { status: number; type: string; data: string[] } {
  const body = JSON.parse(new TextDecoder().decode(req.body));
  if (req.model === 'missing') return { status: 404, type: 'application/json', data: ['{"error":{"message":"no such model","type":"invalid_request_error","code":"model_not_found","param":"model"}}'] };
  if (req.endpoint === '/embeddings') return { status: 200, type: 'application/json', data: [JSON.stringify({ object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: req.model, usage: { prompt_tokens: 2, total_tokens: 2 } })] };
  if (req.endpoint === '/completions') return { status: 200, type: 'application/json', data: [JSON.stringify({ id: 'cmpl-1', object: 'text_completion', model: req.model, choices: [{ index: 0, text: ' world', finish_reason: 'stop' }], usage: USAGE })] };
  const tool = Array.isArray(body.tools) && body.tools.length > 0;
  if (!req.stream) {
    const message = tool ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: body.tools[0].function.name, arguments: '{"q":"x"}' } }] } : { role: 'assistant', content: 'Hello there' };
    return { status: 200, type: 'application/json', data: [JSON.stringify({ id: 'chatcmpl-j', object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }], usage: USAGE })] };
  }
  const deltas = tool
    ? [ck({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: body.tools[0].function.name, arguments: '' } }] }), ck({ tool_calls: [{ index: 0, function: { arguments: '{"q":"x"}' } }] }), ck({}, 'tool_calls')]
    : [ck({ role: 'assistant', content: '' }), ck({ content: 'Hello' }), ck({ content: ' there' }), ck({}, 'stop')];
  const usage = body.stream_options?.include_usage ? [sse({ id: 'chatcmpl-s', object: 'chat.completion.chunk', model: 'gpt-4o-mini', choices: [], usage: USAGE })] : [];
  return { status: 200, type: 'text/event-stream', data: [...deltas, ...usage, 'data: [DONE]\n\n'] };
}

export async function scriptedIngress(opts: { hit?: { response: string; contentType: string } } = {}) {
  const bus = createMemoryBus();
  await ensureStreams(bus);
  const calls: CompleteRequest[] = [];
  const lookups: LookupRequest[] = [];
  const ingress = createIngress({
    cache: {
      lookup: async (req) => {
        lookups.push(req);
        const h = opts.hit;
        return create(LookupResponseSchema, h ? { hit: true, response: enc.encode(h.response), contentType: h.contentType, provider: 'openai', model: 'gpt-4o-mini' } : {});
      },
    },
    router: {
      complete: async function* (req) {
        calls.push(req);
        const s = script(req);
        yield chunk({ case: 'head', value: { status: s.status, contentType: s.type, provider: 'openai', model: req.model } as never });
        for (const d of s.data) yield chunk({ case: 'data', value: enc.encode(d) });
        yield chunk({ case: 'trailer', value: { tokensIn: 9, tokensOut: 2, provider: 'openai', model: req.model, errorClass: s.status === 200 ? 0 : 3 } as never });
      },
    },
    publisher: bus,
    keys: async (hash) => (hash === hashApiKey(KEY) ? { keyId: 'k1', projectId: 'p1' } : undefined),
    health: async () => ({ db: 'up' }),
    metrics: new Registry(),
    logger: createLogger({ level: 'error' }),
    maxBodyBytes: 4096,
    listModels: () => [{ id: 'gpt-4o-mini', owned_by: 'openai' }],
  });
  const events: RequestCompleted[] = [];
  await bus.consume({ durable: 't', filter: 'tg.events.request.>' }, async (batch) => {
    for (const d of batch) events.push(decodePayload(RequestCompletedSchema, decodeEnvelope(d.data)));
  });
  const until = async (cond: () => boolean) => {
    for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { ingress, bus, calls, lookups, events, until };
}
