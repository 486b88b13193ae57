import type { GatewayError } from '@tollgate/errors';
import { describe, expect, it } from 'vitest';
import { anthropicError, errorFromAnswer } from './answer-error.ts';
import type { Endpoint } from './endpoint.ts';
import { grpcStreaming, grpcUnary } from './grpc-endpoints.ts';
import { knownModels } from './models.ts';
import { createSseReader } from './sse.ts';
import { completionsEndpoint } from './validate-completions.ts';
import { embeddingsEndpoint } from './validate-embeddings.ts';
import { chatEndpoint } from './validate.ts';

function param(e: Endpoint, body: unknown): string | undefined | 'accepted' {
  try {
    e.read(body);
    return 'accepted';
  } catch (err) {
    expect((err as GatewayError).status).toBe(400);
    return (err as GatewayError).param;
  }
}

describe('embeddings and legacy completions validators', () => {
  it('accept what the OpenAI API accepts', () => {
    for (const input of ['hi', ['a', 'b'], [1, 2, 3], [[1, 2], [3]]]) expect(param(embeddingsEndpoint, { model: 'e', input })).toBe('accepted');
    expect(embeddingsEndpoint.read({ model: 'e', input: 'x', encoding_format: 'base64', dimensions: 64 })).toEqual({ model: 'e', stream: false });
    for (const prompt of ['hi', ['a', 'b'], [1, 2], [[1], [2]]]) expect(param(completionsEndpoint, { model: 'c', prompt })).toBe('accepted');
    expect(completionsEndpoint.read({ model: 'c', prompt: 'x', stream: true, max_tokens: 5, stop: ['\n'] })).toEqual({ model: 'c', stream: true });
  });

  it.each([
    [embeddingsEndpoint, { input: 'x' }, 'model'],
    [embeddingsEndpoint, { model: 'e' }, 'input'],
    [embeddingsEndpoint, { model: 'e', input: '' }, 'input'],
    [embeddingsEndpoint, { model: 'e', input: ['a', 5] }, 'input[1]'],
    [embeddingsEndpoint, { model: 'e', input: Array(2049).fill('a') }, 'input'],
    [embeddingsEndpoint, { model: 'e', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    [embeddingsEndpoint, { model: 'e', input: 'x', dimensions: 0 }, 'dimensions'],
    [embeddingsEndpoint, { model: 'e', input: 'x', stream: true }, 'stream'],
    [embeddingsEndpoint, { model: 'e', messages: [] }, 'messages'],
    [completionsEndpoint, { model: 'c' }, 'prompt'],
    [completionsEndpoint, { model: 'c', prompt: [] }, 'prompt'],
    [completionsEndpoint, { model: 'c', prompt: 'x', best_of: 50 }, 'best_of'],
    [completionsEndpoint, { model: 'c', prompt: 'x', stop: 5 }, 'stop'],
    [completionsEndpoint, { model: 'c', messages: [{ role: 'user', content: 'x' }] }, 'messages'],
    [chatEndpoint, { model: 'm', messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] }, 'messages[0].content[0].type'],
  ])('%# rejects %j naming %s', (endpoint, body, p) => expect(param(endpoint, body)).toBe(p));
});

describe('gRPC endpoint variants', () => {
  const body = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
  it('refuses a streaming body in a unary call and forces streaming in the streaming one', () => {
    expect(param(grpcUnary(chatEndpoint, 'StreamChatCompletion'), { ...body, stream: true })).toBe('stream');
    expect(grpcStreaming(chatEndpoint).read(body)).toMatchObject({ model: 'm', stream: true, forward: { ...body, stream: true } });
    expect(grpcStreaming(chatEndpoint).read({ ...body, stream: true }).forward).toBeUndefined();
  });
});

describe('answer errors', () => {
  it('rebuilds a GatewayError from a router error answer', () => {
    const e = errorFromAnswer(404, '{"error":{"message":"no such model","type":"invalid_request_error","code":"model_not_found","param":"model"}}');
    expect([e.kind, e.message, e.param, e.grpcStatus]).toEqual(['model_not_found', 'no such model', 'model', 5]);
    expect(errorFromAnswer(503, 'oops').kind).toBe('unavailable');
    expect(errorFromAnswer(418, '').kind).toBe('invalid_request');
  });
  it("renders Anthropic's error shape", () => {
    expect(anthropicError(errorFromAnswer(429, '{"error":{"message":"slow down"}}'))).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
    expect(anthropicError(errorFromAnswer(400, '{"error":{"message":"bad","param":"max_tokens"}}')).error.message).toBe('max_tokens: bad');
  });
});

describe('SSE reader', () => {
  it('returns complete events only, across chunk boundaries and CRLF', () => {
    const r = createSseReader();
    const enc = new TextEncoder();
    expect(r.push(enc.encode('data: {"a":1}\n\ndata: {"b"'))).toEqual(['{"a":1}']);
    expect(r.push(enc.encode(':2}\r\n\r\nevent: x\ndata: [DONE]\n\n'))).toEqual(['{"b":2}', '[DONE]']);
    expect(r.push(enc.encode('data: tail'))).toEqual([]);
    expect(r.end()).toEqual(['tail']);
  });
});

describe('known models', () => {
  it('lists priced models under the first provider that serves their family', () => {
    const prices = { 'gpt-4o-mini': {}, 'claude-3-5-haiku-20241022': {}, 'text-embedding-3-small': {} };
    expect(knownModels([{ name: 'openai', kind: 'openai' }], prices)).toEqual([
      { id: 'gpt-4o-mini', owned_by: 'openai' },
      { id: 'text-embedding-3-small', owned_by: 'openai' },
    ]);
    expect(knownModels([{ name: 'oa' }, { name: 'claude', kind: 'anthropic' }], prices).map((m) => m.owned_by)).toEqual(['claude', 'oa', 'oa']);
    expect(knownModels([], prices)).toEqual([]);
  });
});
