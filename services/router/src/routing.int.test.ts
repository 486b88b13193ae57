import { create } from '@bufbuild/protobuf';
import type { ProviderConfig, RouteConfig } from '@tollgate/config';
import { ErrorClass } from '@tollgate/proto/events';
import { CompleteRequestSchema } from '@tollgate/proto/router';
import { createLogger } from '@tollgate/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './collect.ts';
import { freePort, type MockUpstream, startMockUpstream } from './mock-upstream.ts';
import { createRouter, type Router } from './router.ts';

// Routing against the shared mock upstream, which fails on demand by model name: retries, fallbacks, circuits.

let mock: MockUpstream;
let paced: MockUpstream;
let router: Router;
const slept: number[] = [];
const open = new Set<string>();

const p = (name: string, baseUrl: string): ProviderConfig => ({ name, kind: 'openai', baseUrl, apiKey: 'k' });
const chat = (model: string, extra: Record<string, unknown> = {}) =>
  create(CompleteRequestSchema, { requestId: 'r1', projectId: 'p1', endpoint: '/chat/completions', model, stream: extra.stream === true, body: new TextEncoder().encode(JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra })) });
const route = (targets: RouteConfig['targets'], over: Partial<RouteConfig> = {}): RouteConfig => ({ strategy: 'priority', targets, ...over });
const summary = (a: { trailer: { attempts: { provider: string; status: number; errorClass: ErrorClass }[] } }) => a.trailer.attempts.map((x) => `${x.provider}:${x.status}:${ErrorClass[x.errorClass]}`);

beforeAll(async () => {
  [mock, paced] = await Promise.all([startMockUpstream(), startMockUpstream({ MOCK_CHUNK_DELAY_MS: '2' })]);
  const dead = `http://127.0.0.1:${await freePort()}/v1`;
  router = createRouter({
    providers: [p('a', mock.url), p('b', mock.url), p('paced', paced.url), p('down', dead)],
    prices: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } },
    routes: {
      failover: route([{ provider: 'a', model: 'gpt-4o-mini-fail-503' }, { provider: 'b', model: 'gpt-4o-mini' }]),
      limited: route([{ provider: 'a', model: 'gpt-4o-mini-fail-429' }, { provider: 'b', model: 'gpt-4o-mini' }], { retries: 1 }),
      tripped: route([{ provider: 'down', model: 'gpt-4o-mini' }, { provider: 'b', model: 'gpt-4o-mini' }]),
      cutting: route([{ provider: 'paced', model: 'gpt-4o-mini-cut' }, { provider: 'b', model: 'gpt-4o-mini' }]),
      sluggish: route([{ provider: 'a', model: 'gpt-4o-mini-slow-3000', firstByteTimeoutMs: 100 }, { provider: 'b', model: 'gpt-4o-mini' }]),
      strict: route([{ provider: 'a', model: 'gpt-4o-mini-fail-400' }, { provider: 'b', model: 'gpt-4o-mini' }]),
    },
    circuits: { allows: (name) => !open.has(name), retryAfterS: () => 9 },
    logger: createLogger({ level: 'error' }),
    upstreamTimeoutMs: 5000,
    random: () => 0.5,
    sleep: async (ms) => void slept.push(ms),
  });
});

afterAll(async () => {
  await router?.stop();
  await Promise.all([mock?.stop(), paced?.stop()]);
});

describe('routing: retries and fallbacks', () => {
  it('falls back from a target answering 503 to the next one, and says so in the trailer', async () => {
    const a = await collect(router.api.complete(chat('failover')));
    expect(a.head).toMatchObject({ status: 200, provider: 'b', model: 'gpt-4o-mini', attempts: 2, fallback: true });
    expect(summary(a)).toEqual(['a:503:UPSTREAM', 'b:200:NONE']);
    expect(a.trailer).toMatchObject({ provider: 'b', errorClass: ErrorClass.NONE });
    expect(a.trailer.costNanousd).toBeGreaterThan(0n);
  });

  it('retries a 429 on the same target after its Retry-After, then falls back', async () => {
    slept.length = 0;
    const a = await collect(router.api.complete(chat('limited')));
    expect(summary(a)).toEqual(['a:429:RATE_LIMITED', 'a:429:RATE_LIMITED', 'b:200:NONE']);
    expect(a.head).toMatchObject({ attempts: 3, fallback: true });
    expect(slept).toEqual([1000]); // Retry-After: 1 from the mock, longer than the jittered backoff
  });

  it('skips a target whose circuit is open without calling it', async () => {
    open.add('down');
    try {
      const a = await collect(router.api.complete(chat('tripped')));
      expect(a.head.status).toBe(200);
      expect(summary(a)).toEqual(['down:0:CIRCUIT_OPEN', 'b:200:NONE']);
    } finally {
      open.delete('down');
    }
  });

  it('answers 503 circuit_open with Retry-After when every target is open', async () => {
    open.add('a');
    try {
      const a = await collect(router.api.complete(chat('a/gpt-4o-mini')));
      expect(a.head).toMatchObject({ status: 503, retryAfterS: 9 });
      expect(JSON.parse(a.body).error.code).toBe('circuit_open');
    } finally {
      open.delete('a');
    }
  });

  it('falls back when a target does not send its first byte in time', async () => {
    const a = await collect(router.api.complete(chat('sluggish')));
    expect(summary(a)).toEqual(['a:0:TIMEOUT', 'b:200:NONE']);
  });

  it("does not fall back on the client's own mistake (400)", async () => {
    const a = await collect(router.api.complete(chat('strict')));
    expect(a.head.status).toBe(400);
    expect(summary(a)).toEqual(['a:400:BAD_REQUEST']);
  });
});

describe('routing: streams', () => {
  it('falls back when a stream fails before its first byte', async () => {
    const a = await collect(router.api.complete(chat('failover', { stream: true })));
    expect(a.head).toMatchObject({ status: 200, provider: 'b', contentType: 'text/event-stream' });
    expect(a.body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(summary(a)).toEqual(['a:503:UPSTREAM', 'b:200:NONE']);
  });

  it('does not fall back once a stream has sent data: a cut mid-way ends the answer', async () => {
    const a = await collect(router.api.complete(chat('cutting', { stream: true })));
    expect(a.head).toMatchObject({ status: 200, provider: 'paced' });
    expect(a.body).toContain('Hello!');
    expect(a.body).not.toContain('[DONE]');
    expect(summary(a)).toEqual(['paced:200:UPSTREAM']);
    expect(a.trailer.tokensOut).toBeGreaterThan(0);
  });
});

describe('routing: hot reload', () => {
  it('serves a new alias as soon as routes are replaced, without a restart', async () => {
    const before = await collect(router.api.complete(chat('brand-new')));
    expect(before.head.provider).toBe('a'); // not an alias yet: the first provider, model unchanged
    expect(router.setRoutes({ 'brand-new': route([{ provider: 'b', model: 'gpt-4o-mini' }]) })).toEqual([]);
    const after = await collect(router.api.complete(chat('brand-new')));
    expect(after.head).toMatchObject({ status: 200, provider: 'b', model: 'gpt-4o-mini' });
    expect(JSON.parse(after.body).model).toBe('gpt-4o-mini'); // the alias was rewritten for the provider
  });
});
