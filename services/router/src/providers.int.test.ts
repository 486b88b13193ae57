import { create } from '@bufbuild/protobuf';
import { ErrorClass } from '@tollgate/proto/events';
import { CompleteRequestSchema } from '@tollgate/proto/router';
import { createLogger } from '@tollgate/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { type FakeGemini, startFakeGemini } from './fake-gemini.ts';
import { type MockUpstream, startMockUpstream } from './mock-upstream.ts';
import { createRouter, type Router } from './router.ts';

// Native formats end to end: an OpenAI request in, Anthropic Messages (the shared mock) or Gemini (a local fake)
// upstream, an OpenAI answer out, JSON and streamed, with usage.

let mock: MockUpstream;
let gemini: FakeGemini;
let router: Router;

const TOOLS = [{ type: 'function', function: { name: 'search', description: 'Search', parameters: { type: 'object', properties: { query: { type: 'string' } } } } }];
const call = (endpoint: string, model: string, body: Record<string, unknown>, stream = false) =>
  create(CompleteRequestSchema, { requestId: 'r1', endpoint, model, stream, body: new TextEncoder().encode(JSON.stringify({ model, ...body, ...(stream ? { stream } : {}) })) });
const chat = (model: string, extra: Record<string, unknown> = {}, stream = false) => call('/chat/completions', model, { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }], ...extra }, stream);
const events = (body: string) => body.split('\n\n').filter(Boolean).map((e) => e.slice(6)).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));

beforeAll(async () => {
  [mock, gemini] = await Promise.all([startMockUpstream(), startFakeGemini()]);
  router = createRouter({
    providers: [
      { name: 'claude', kind: 'anthropic', baseUrl: mock.url, apiKey: 'a-key' },
      { name: 'google', kind: 'gemini', baseUrl: gemini.url, apiKey: 'g-key' },
      { name: 'oai', kind: 'openai', baseUrl: mock.url, apiKey: 'k' },
    ],
    prices: { 'claude-3-5-sonnet-20241022': { input: 3, output: 15 } },
    routes: { best: { strategy: 'priority', targets: [{ provider: 'google', model: 'gemini-fail-503' }, { provider: 'claude', model: 'claude-3-5-sonnet-20241022' }] } },
    circuits: { allows: () => true },
    logger: createLogger({ level: 'error' }),
    upstreamTimeoutMs: 5000,
  });
});

afterAll(async () => {
  await router?.stop();
  await Promise.all([mock?.stop(), gemini?.stop()]);
});

describe('Anthropic Messages provider', () => {
  it('answers a chat request as an OpenAI chat.completion with usage and cost', async () => {
    const a = await collect(router.api.complete(chat('claude/claude-3-5-sonnet-20241022')));
    expect(a.head).toMatchObject({ status: 200, provider: 'claude', contentType: 'application/json' });
    const body = JSON.parse(a.body);
    expect(body).toMatchObject({ object: 'chat.completion', choices: [{ finish_reason: 'stop', message: { role: 'assistant' } }] });
    expect(body.choices[0].message.content).toContain('Hello!');
    expect(a.trailer).toMatchObject({ tokensOut: 20, errorClass: ErrorClass.NONE });
    expect(a.trailer.costNanousd).toBeGreaterThan(0n);
  });

  it('translates tool calls, JSON and streamed', async () => {
    const json = JSON.parse((await collect(router.api.complete(chat('claude/claude-3-5-sonnet-20241022', { tools: TOOLS })))).body);
    expect(json.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { tool_calls: [{ type: 'function', function: { name: 'search', arguments: '{"query":"mock"}' } }] } });
    const s = await collect(router.api.complete(chat('claude/claude-3-5-sonnet-20241022', { tools: TOOLS }, true)));
    const args = events(s.body).flatMap((e) => e.choices[0]?.delta?.tool_calls ?? []).map((t) => t.function.arguments).join('');
    expect(JSON.parse(args)).toEqual({ query: 'mock' });
  });

  it('streams OpenAI chunks with usage recorded and the usage chunk only when asked', async () => {
    const a = await collect(router.api.complete(chat('claude/claude-3-5-sonnet-20241022', {}, true)));
    expect(a.head.contentType).toBe('text/event-stream');
    expect(a.body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(events(a.body).map((e) => e.choices[0]?.delta?.content ?? '').join('')).toContain('Hello! This is');
    expect(a.body).not.toContain('"usage"');
    expect(a.trailer.tokensOut).toBe(20);
    const withUsage = await collect(router.api.complete(chat('claude/claude-3-5-sonnet-20241022', { stream_options: { include_usage: true } }, true)));
    expect(events(withUsage.body).at(-1).usage).toMatchObject({ completion_tokens: 20 });
  });

  it('maps an Anthropic error to a named kind and refuses embeddings without a call', async () => {
    const a = await collect(router.api.complete(chat('claude/claude-fail-429')));
    expect(a.head).toMatchObject({ status: 429, retryAfterS: 1 });
    const e = await collect(router.api.complete(call('/embeddings', 'claude/x', { input: 'hi' })));
    expect(e.head.status).toBe(400);
  });
});

describe('Gemini provider', () => {
  it('answers a chat request through generateContent, system prompt as systemInstruction', async () => {
    const a = await collect(router.api.complete(chat('google/gemini-2.0-flash', { max_tokens: 50 })));
    expect(a.head).toMatchObject({ status: 200, provider: 'google', model: 'gemini-2.0-flash-001' });
    expect(JSON.parse(a.body).choices[0].message.content).toBe('Hello from Gemini.');
    expect(a.trailer).toMatchObject({ tokensIn: 7, tokensOut: 4 });
    expect(gemini.bodies.at(-1)).toMatchObject({ systemInstruction: { parts: [{ text: 'Be brief.' }] }, generationConfig: { maxOutputTokens: 50 } });
  });

  it('streams through streamGenerateContent (alt=sse) as OpenAI chunks ending in [DONE]', async () => {
    const a = await collect(router.api.complete(chat('google/gemini-2.0-flash', {}, true)));
    expect(events(a.body).map((e) => e.choices[0]?.delta?.content ?? '').join('')).toBe('Hello from Gemini.');
    expect(a.body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(a.trailer).toMatchObject({ tokensIn: 7, tokensOut: 4, errorClass: ErrorClass.NONE });
  });

  it('forwards embeddings through batchEmbedContents', async () => {
    const a = await collect(router.api.complete(call('/embeddings', 'google/text-embedding-004', { input: ['a', 'b'] })));
    expect(JSON.parse(a.body).data.map((d: { embedding: number[] }) => d.embedding)).toEqual([[0, 0.5], [1, 0.5]]);
  });

  it('falls back from a failing Gemini target to Anthropic under one alias', async () => {
    const a = await collect(router.api.complete(chat('best')));
    expect(a.head).toMatchObject({ status: 200, provider: 'claude' });
    expect(a.trailer.attempts.map((x) => [x.provider, x.status])).toEqual([['google', 503], ['claude', 200]]);
  });
});
