import { create } from '@bufbuild/protobuf';
import { GatewayError } from '@tollgate/errors';
import { CacheStatus } from '@tollgate/proto/events';
import { CacheDirective, Gateway, GatewayRequestSchema } from '@tollgate/proto/gateway';
import { grpcClient } from '@tollgate/rpc';
import { createLogger } from '@tollgate/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayServer, serveGateway } from './grpc-server.ts';
import { KEY, scriptedIngress } from './scripted-router.ts';

// tollgate.v1.Gateway over loopback gRPC, in front of the scripted router (the e2e suite drives the real one).
let t: Awaited<ReturnType<typeof scriptedIngress>>;
let server: GatewayServer;
let client: ReturnType<typeof grpcClient<typeof Gateway>>;
const metadata = { authorization: `Bearer ${KEY}` };
const enc = new TextEncoder();
const dec = new TextDecoder();
const req = (body: unknown, cache = CacheDirective.DEFAULT) => create(GatewayRequestSchema, { body: enc.encode(typeof body === 'string' ? body : JSON.stringify(body)), cache });
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('accepted'); }, (e: GatewayError) => e);

beforeAll(async () => {
  t = await scriptedIngress();
  server = await serveGateway(t.ingress.gateway, '127.0.0.1:0', { maxBodyBytes: 4096, logger: createLogger({ level: 'error' }) });
  client = grpcClient(Gateway, `127.0.0.1:${server.port}`);
});
afterAll(async () => {
  client.close();
  await server.stop(1000);
  await t.bus.close();
});

describe('gRPC Gateway', () => {
  it('answers a unary chat completion with the OpenAI JSON and the answer info', async () => {
    const res = await client.chatCompletion(req(chat), { metadata });
    expect(JSON.parse(dec.decode(res.body)).choices[0].message.content).toBe('Hello there');
    expect(res.info).toMatchObject({ provider: 'openai', cacheStatus: CacheStatus.MISS });
    expect(res.info?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const bypass = await client.chatCompletion(req(chat, CacheDirective.BYPASS), { metadata });
    expect(bypass.info?.cacheStatus).toBe(CacheStatus.BYPASS);
  });

  it('sends a traceparent from the metadata on to the router', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    await client.chatCompletion(req(chat), { metadata: { ...metadata, traceparent } });
    expect(t.calls.at(-1)?.traceparent).toBe(traceparent);
    await client.chatCompletion(req(chat), { metadata });
    expect(t.calls.at(-1)?.traceparent).toBe('');
  });

  it('streams one message per chat.completion.chunk, info on the first only', async () => {
    const chunks = [];
    for await (const c of client.streamChatCompletion(req({ ...chat, stream_options: { include_usage: true } }), { metadata })) chunks.push(c);
    const json = chunks.map((c) => JSON.parse(dec.decode(c.chunk)));
    expect(json.map((j) => j.choices[0]?.delta?.content ?? '').join('')).toBe('Hello there');
    expect(json.at(-1).usage.completion_tokens).toBe(2);
    expect(chunks[0].info?.provider).toBe('openai');
    expect(chunks.slice(1).every((c) => c.info === undefined)).toBe(true);
    expect(JSON.parse(dec.decode(t.calls.at(-1)?.body)).stream).toBe(true);
  });

  it('answers embeddings and records every call as an event', async () => {
    const res = await client.embeddings(req({ model: 'text-embedding-3-small', input: ['a'] }), { metadata });
    expect(JSON.parse(dec.decode(res.body)).data[0].embedding).toEqual([0.1, 0.2]);
    await t.until(() => t.events.some((e) => e.endpoint === '/embeddings'));
    expect(t.events.filter((e) => e.endpoint === '/embeddings')).toHaveLength(1);
  });

  it('refuses with gRPC statuses that carry the kind and the field', async () => {
    const noKey = await failure(client.chatCompletion(req(chat)));
    expect([noKey.kind, noKey.grpcStatus]).toEqual(['unauthorized', 16]);
    expect((await failure(client.chatCompletion(req(chat), { metadata: { authorization: 'Bearer tg_wrong' } }))).kind).toBe('unauthorized');
    const invalid = await failure(client.chatCompletion(req({ model: 'm', messages: 'hi' }), { metadata }));
    expect([invalid.kind, invalid.param, invalid.grpcStatus]).toEqual(['invalid_request', 'messages', 3]);
    expect((await failure(client.chatCompletion(req({ ...chat, stream: true }), { metadata }))).param).toBe('stream');
    expect((await failure(client.embeddings(req('{"model":'), { metadata }))).kind).toBe('invalid_json');
    const missing = await failure(client.chatCompletion(req({ ...chat, model: 'missing' }), { metadata }));
    expect([missing.kind, missing.message, missing.grpcStatus]).toEqual(['model_not_found', 'no such model', 5]);
    const streamMissing = await failure((async () => {
      for await (const _ of client.streamChatCompletion(req({ ...chat, model: 'missing' }), { metadata })) {
      }
    })());
    expect(streamMissing.kind).toBe('model_not_found');
    const large = await failure(client.chatCompletion(req({ ...chat, pad: 'x'.repeat(5000) }), { metadata }));
    expect(large.kind).toBe('payload_too_large');
    const huge = await failure(client.chatCompletion(req({ ...chat, pad: 'x'.repeat(200_000) }), { metadata }));
    expect(huge).toBeInstanceOf(GatewayError);
    expect(huge.grpcStatus).toBe(8);
  });
});
