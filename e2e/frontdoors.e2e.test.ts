// The front doors of the running gateway (all-in-one) driven by the clients people already use: the `openai` SDK
// (models, embeddings, legacy completions, chat tools), `@anthropic-ai/sdk` (Messages JSON, streaming, tools) and
// a gRPC client of tollgate.v1.Gateway. The provider is mock-upstream.mjs; legacy /completions, which it does not
// serve, is answered by a small shim in front of it.
import http from 'node:http';
import path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { create } from '@bufbuild/protobuf';
import { Gateway, GatewayRequestSchema } from '@tollgate/proto/gateway';
import { grpcClient } from '@tollgate/rpc';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startAllInOne } from '../bench/gateways.mjs';
import { startUpstream, type Upstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const MOCK_PORT = 19083;
const SHIM_PORT = 19089;
const HTTP_PORT = 19184;
const GRPC_ADDR = '127.0.0.1:19185';
const WORDS = 'Hello! This is a deterministic mock completion used to measure gateway overhead without a real model behind it .'.split(' ');
const MOCK_TEXT = Array.from({ length: 20 }, (_, i) => WORDS[i % WORDS.length]).join(' ');
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Answers POST /v1/completions (legacy) itself and passes everything else to the mock, streams included. */
function legacyShim(port: number, target: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url === '/v1/completions') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id: 'cmpl-shim', object: 'text_completion', created: 0, model: 'gpt-3.5-turbo-instruct', choices: [{ index: 0, text: ' legacy', finish_reason: 'stop', logprobs: null }], usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 } }));
    }
    const up = http.request({ host: '127.0.0.1', port: target, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('front doors (all-in-one)', () => {
  let upstream: Upstream;
  let shim: http.Server;
  let gw: { base: string; url: string; key: string; stop(): Promise<void> };
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    upstream = await startUpstream(MOCK_PORT);
    shim = await legacyShim(SHIM_PORT, MOCK_PORT);
    gw = await startAllInOne(ROOT, { ...gatewayEnv(`http://127.0.0.1:${SHIM_PORT}/v1`), GATEWAY_GRPC_ADDR: GRPC_ADDR }, HTTP_PORT);
    openai = new OpenAI({ apiKey: gw.key, baseURL: gw.url, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: gw.key, baseURL: gw.base, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.stop();
    shim?.close();
    await upstream?.stop();
  });

  describe('openai SDK', () => {
    it('lists models, embeds, and completes (legacy)', async () => {
      const models = await openai.models.list();
      expect(models.data.map((m) => m.id)).toContain('gpt-4o-mini');
      expect((await openai.models.retrieve('text-embedding-3-small')).owned_by).toBe('openai');
      const emb = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['one', 'two'] });
      expect(emb.data).toHaveLength(2);
      expect(emb.data[0].embedding).toHaveLength(256);
      const cmp = await openai.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'say' });
      expect(cmp.choices[0].text).toBe(' legacy');
      await expect(openai.embeddings.create({ model: 'text-embedding-3-small', input: '' })).rejects.toMatchObject({ status: 400, error: { param: 'input' } });
    });

    it('streams chat tool calls through', async () => {
      const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'weather?' }], tools: [{ type: 'function', function: { name: 'search', parameters: { type: 'object' } } }] });
      let args = '';
      let name = '';
      for await (const c of stream) {
        for (const tc of c.choices[0]?.delta?.tool_calls ?? []) {
          name ||= tc.function?.name ?? '';
          args += tc.function?.arguments ?? '';
        }
      }
      expect([name, JSON.parse(args)]).toEqual(['search', { query: 'mock' }]);
    });
  });

  describe('@anthropic-ai/sdk', () => {
    const tools = [{ name: 'search', description: 'Searches', input_schema: { type: 'object' as const, properties: { query: { type: 'string' } } } }];

    it('answers Messages JSON', async () => {
      const msg = await anthropic.messages.create({ model: 'gpt-4o-mini', max_tokens: 64, system: 'be brief', messages: [{ role: 'user', content: `hi ${Date.now()}` }] });
      expect(msg.content).toEqual([{ type: 'text', text: MOCK_TEXT }]);
      expect(msg.stop_reason).toBe('end_turn');
      expect(msg.usage.output_tokens).toBe(20);
    });

    it('streams Messages with Anthropic event types', async () => {
      const seen = new Set<string>();
      const stream = anthropic.messages.stream({ model: 'gpt-4o-mini', max_tokens: 64, messages: [{ role: 'user', content: `stream ${Date.now()}` }] });
      stream.on('streamEvent', (e) => seen.add(e.type));
      const final = await stream.finalMessage();
      expect(final.content).toHaveLength(1);
      expect(final.content[0]).toMatchObject({ type: 'text', text: MOCK_TEXT });
      expect(final.usage.output_tokens).toBe(20);
      expect([...seen]).toEqual(expect.arrayContaining(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']));
    });

    it('uses tools, JSON and streamed, and takes a tool_result back', async () => {
      const ask = { model: 'gpt-4o-mini', max_tokens: 64, tools, messages: [{ role: 'user' as const, content: 'find cats' }] };
      const json = await anthropic.messages.create(ask);
      expect(json.stop_reason).toBe('tool_use');
      const use = json.content.find((b) => b.type === 'tool_use');
      expect(use).toMatchObject({ name: 'search', input: { query: 'mock' } });
      const streamed = await anthropic.messages.stream({ ...ask, messages: [{ role: 'user', content: 'find dogs' }] }).finalMessage();
      expect(streamed.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'search', input: { query: 'mock' } });
      const after = await anthropic.messages.create({
        ...ask,
        messages: [...ask.messages, { role: 'assistant', content: json.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use?.type === 'tool_use' ? use.id : '', content: 'three cats' }] }],
      });
      expect(after.content[0]).toMatchObject({ type: 'text', text: MOCK_TEXT });
    });

    it("refuses in Anthropic's error shape", async () => {
      const bad = new Anthropic({ apiKey: 'tg_nope', baseURL: gw.base, maxRetries: 0 });
      await expect(bad.messages.create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 401, error: { type: 'error', error: { type: 'authentication_error' } } });
      const res = await fetch(`${gw.base}/v1/messages`, { method: 'POST', headers: { 'x-api-key': gw.key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }) });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('max_tokens') } });
    });
  });

  describe('gRPC tollgate.v1.Gateway', () => {
    const req = (body: object) => create(GatewayRequestSchema, { body: enc.encode(JSON.stringify(body)) });
    const chat = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

    it('answers unary, streaming and embeddings calls, and refuses a bad key', async () => {
      const client = grpcClient(Gateway, GRPC_ADDR);
      const metadata = { authorization: `Bearer ${gw.key}` };
      try {
        const unary = await client.chatCompletion(req(chat(`grpc ${Date.now()}`)), { metadata });
        expect(JSON.parse(dec.decode(unary.body)).choices[0].message.content).toBe(MOCK_TEXT);
        expect(unary.info?.provider).toBe('openai');
        let text = '';
        for await (const c of client.streamChatCompletion(req(chat(`grpc stream ${Date.now()}`)), { metadata })) text += JSON.parse(dec.decode(c.chunk)).choices[0]?.delta?.content ?? '';
        expect(text).toBe(MOCK_TEXT);
        const emb = await client.embeddings(req({ model: 'text-embedding-3-small', input: 'x' }), { metadata });
        expect(JSON.parse(dec.decode(emb.body)).data[0].embedding).toHaveLength(256);
        await expect(client.chatCompletion(req(chat('x')), { metadata: { authorization: 'Bearer tg_nope' } })).rejects.toMatchObject({ kind: 'unauthorized', grpcStatus: 16 });
        await expect(client.chatCompletion(req({ model: 'gpt-4o-mini' }), { metadata })).rejects.toMatchObject({ kind: 'invalid_request', param: 'messages' });
      } finally {
        client.close();
      }
    });
  });
});
