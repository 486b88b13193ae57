import { create } from '@bufbuild/protobuf';
import { createMemoryBus } from '@tollgate/bus';
import { decodeEnvelope, decodePayload, ensureStreams } from '@tollgate/events';
import { type LookupRequest, LookupResponseSchema } from '@tollgate/proto/cache';
import { CacheStatus, RequestCompletedSchema } from '@tollgate/proto/events';
import { type CompleteChunk, CompleteChunkSchema, type CompleteRequest } from '@tollgate/proto/router';
import { createLogger, Registry } from '@tollgate/telemetry';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { createMemoryBudgets, createMemoryRateLimiter } from '@tollgate/limits';
import { type Admission, createAdmission } from './admission.ts';
import { createIngress } from './app.ts';
import type { ApiKeyIdentity } from './auth.ts';
import { hashApiKey } from '@tollgate/db';
import { waitFor } from '@tollgate/testing';

// Ingress on its own: a scripted router and cache stand in for the other services (the end-to-end suite runs the
// real ones); the bus is the real in-process bus, so the events are the ones the other services would receive.
const KEY = 'tg_test_key_0123456789';
const enc = new TextEncoder();
const chunk = (kind: CompleteChunk['kind']) => create(CompleteChunkSchema, { kind });

async function setup(opts: { hit?: boolean; identity?: Partial<ApiKeyIdentity>; admission?: Admission; maxEvents?: number; hold?: Promise<void> } = {}) {
  const bus = createMemoryBus({ maxMessagesPerStream: opts.maxEvents });
  await ensureStreams(bus);
  const calls: CompleteRequest[] = [];
  const lookups: LookupRequest[] = [];
  const ingress = createIngress({
    cache: {
      lookup: async (req) => {
        lookups.push(req);
        return create(LookupResponseSchema, opts.hit ? { hit: true, response: enc.encode('{"cached":true}'), contentType: 'application/json', provider: 'openai', model: 'm' } : {});
      },
    },
    router: {
      complete: async function* (req) {
        calls.push(req);
        yield chunk({ case: 'head', value: { status: 200, contentType: 'application/json', provider: 'openai', model: req.model } as never });
        yield chunk({ case: 'data', value: enc.encode('{"answer":') });
        yield chunk({ case: 'data', value: enc.encode('42}') });
        yield chunk({ case: 'trailer', value: { tokensIn: 7, tokensOut: 3, costNanousd: 1234n, provider: 'openai', model: req.model } as never });
      },
    },
    publisher: bus,
    keys: async (hash) => (hash === hashApiKey(KEY) ? { keyId: 'k1', projectId: 'p1', ...opts.identity } : undefined),
    admission: opts.admission,
    priceOf: (model) => (model === 'gpt-4o-mini' ? { input: 0.15, output: 0.6 } : undefined),
    health: async () => ({ db: 'up' }),
    metrics: new Registry(),
    logger: createLogger({ level: 'error' }),
    maxBodyBytes: 1024,
  });
  const events: Array<ReturnType<typeof decodePayload<typeof RequestCompletedSchema>>> = [];
  /** Each event's trace context, in its envelope and in its message headers. */
  const traces: Array<{ envelope: string; header: string | undefined }> = [];
  await bus.consume({ durable: 't', filter: 'tg.events.request.>' }, async (batch) => {
    await opts.hold;
    for (const d of batch) {
      events.push(decodePayload(RequestCompletedSchema, decodeEnvelope(d.data)));
      traces.push({ envelope: decodeEnvelope(d.data).traceparent, header: d.headers.traceparent });
    }
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    inject(ingress.handler, { method: 'POST', url: '/v1/chat/completions', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  return { ingress, bus, calls, lookups, events, traces, post };
}

const BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('ingress', () => {
  it('routes a miss, streams the router answer back with Tollgate headers, and publishes one event', async () => {
    const t = await setup();
    const res = await t.post(BODY);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('{"answer":42}');
    expect(res.headers['x-tollgate-cache']).toBe('miss');
    expect(res.headers['x-tollgate-provider']).toBe('openai');
    expect(res.headers['x-tollgate-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(t.calls[0]).toMatchObject({ projectId: 'p1', model: 'gpt-4o-mini', stream: false });
    await until(() => t.events.length > 0);
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ projectId: 'p1', keyId: 'k1', status: 200, tokensIn: 7, tokensOut: 3, costNanousd: 1234n, cacheStatus: CacheStatus.MISS });
    expect(new TextDecoder().decode(t.events[0].cacheEntry?.response)).toBe('{"answer":42}');
    await t.bus.close();
  });

  it('answers a hit from the cache without calling the router', async () => {
    const t = await setup({ hit: true });
    const res = await t.post(BODY);
    expect(res.body).toBe('{"cached":true}');
    expect(res.headers['x-tollgate-cache']).toBe('hit');
    expect(t.calls).toHaveLength(0);
    await until(() => t.events.length > 0);
    expect(t.events[0]).toMatchObject({ cacheStatus: CacheStatus.HIT, tokensIn: 0, costNanousd: 0n });
    expect(t.events[0].cacheEntry).toBeUndefined();
    await t.bus.close();
  });

  it("carries the client's traceparent to the router and into the event; drops a malformed one", async () => {
    const t = await setup();
    const tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect((await t.post(BODY, { traceparent: tp })).statusCode).toBe(200);
    expect((await t.post(BODY, { traceparent: 'not-a-trace' })).statusCode).toBe(200);
    expect(t.calls.map((c) => c.traceparent)).toEqual([tp, '']);
    await until(() => t.events.length > 1);
    expect(t.traces).toEqual([{ envelope: tp, header: tp }, { envelope: '', header: undefined }]);
    await t.bus.close();
  });

  it('skips the lookup on no-cache and stores nothing on no-store', async () => {
    const t = await setup({ hit: true });
    const bypass = await t.post(BODY, { 'cache-control': 'no-cache' });
    expect(bypass.headers['x-tollgate-cache']).toBe('bypass');
    await t.post(BODY, { 'cache-control': 'no-store' });
    expect(t.lookups).toHaveLength(0);
    await until(() => t.events.length > 1);
    expect(t.events[0].cacheEntry).toBeDefined();
    expect(t.events[1].cacheEntry).toBeUndefined();
    await t.bus.close();
  });

  it('rejects unauthenticated, malformed, invalid and oversized requests in OpenAI shape, without events', async () => {
    const t = await setup();
    const cases: Array<[number, string, Awaited<ReturnType<typeof t.post>>]> = [
      [401, 'invalid_api_key', await t.post(BODY, { authorization: 'Bearer tg_wrong' })],
      [401, 'invalid_api_key', await t.post(BODY, { authorization: '' })],
      [400, 'invalid_json', await t.post('{"model":')],
      [400, 'invalid_request', await t.post({ model: 'm' })],
      [413, 'payload_too_large', await t.post({ ...BODY, pad: 'x'.repeat(2000) })],
    ];
    for (const [status, code, res] of cases) {
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ error: { code, message: expect.any(String), type: expect.any(String) } });
      expect(res.headers['x-tollgate-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // to quote in a support ticket
    }
    expect((await inject(createIngressFor(t), { method: 'GET', url: '/v1/chat/completions' })).statusCode).toBe(405);
    expect((await inject(createIngressFor(t), { method: 'GET', url: '/nope' })).json().error.code).toBe('not_found');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.events).toHaveLength(0);
    await t.bus.close();
  });

  it('reports health and drains on stop', async () => {
    const t = await setup();
    expect((await inject(t.ingress.handler, { method: 'GET', url: '/health' })).json()).toMatchObject({ status: 'healthy' });
    await t.ingress.stop(1000);
    expect((await inject(t.ingress.handler, { method: 'GET', url: '/health' })).statusCode).toBe(503);
    await t.bus.close();
  });
});

function createIngressFor(t: { ingress: { handler: Parameters<typeof inject>[0] } }) {
  return t.ingress.handler;
}

describe('ingress admission', () => {
  const admission = () => createAdmission({ limits: createMemoryRateLimiter(), budgets: createMemoryBudgets(), policy: 'closed', now: Date.now });

  it('answers 429 with Retry-After and x-ratelimit headers once a key is over its requests per minute', async () => {
    const t = await setup({ identity: { limits: { rpm: 2 } }, admission: admission() });
    const ok = await t.post(BODY);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['x-ratelimit-limit-requests']).toBe('2');
    await t.post(BODY);
    const limited = await t.post(BODY);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('rate_limit_exceeded');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(t.calls).toHaveLength(2);
    await t.bus.close();
  });

  it('answers 402 budget_exceeded when the estimated cost does not fit the daily budget', async () => {
    const t = await setup({ identity: { limits: { dailyBudgetUsd: 0.000001 } }, admission: admission() });
    const res = await t.post({ ...BODY, max_tokens: 1000 });
    expect(res.statusCode).toBe(402);
    expect(res.json().error.code).toBe('budget_exceeded');
    expect(t.calls).toHaveLength(0);
    await t.bus.close();
  });

  it("refuses a model outside the key's allowed models with 403 naming the field", async () => {
    const t = await setup({ identity: { allowedModels: ['gpt-4o'] } });
    const res = await t.post(BODY);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.param).toBe('model');
    expect(t.calls).toHaveLength(0);
    await t.bus.close();
  });

  it('refuses a cached key once it has expired', async () => {
    const t = await setup({ identity: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await t.post(BODY)).statusCode).toBe(401);
    await t.bus.close();
  });
});

describe('overload', () => {
  it('refuses new requests with 503 and retry-after while events wait to be stored, and admits again once they are', async () => {
    let release!: () => void;
    const { post, calls, events } = await setup({ maxEvents: 10, hold: new Promise<void>((r) => (release = r)) });
    const body = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
    for (let i = 0; i < 8; i++) expect((await post(body)).statusCode).toBe(200); // 8 of 10 held: the shedding line
    const refused = await post(body);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json().error).toMatchObject({ type: 'api_error', code: 'service_unavailable' });
    expect(calls).toHaveLength(8); // the refused request never reached the router
    release();
    await waitFor(() => expect(events).toHaveLength(8)); // nothing accepted was lost
    expect((await post(body)).statusCode).toBe(200);
  });
});
