// Drives the running gateway with the official `openai` SDK against the mock upstream, in all-in-one mode (one
// process, embedded defaults) and distributed mode (six processes over gRPC, NATS JetStream, Redis, Postgres and a
// ClickHouse HTTP front over chDB).
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startAllInOne, startDistributed } from '../bench/gateways.mjs';
import { startUpstream, type Upstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
type ErrBody = { error: { message: string; type: string; code: string; param: string | null } };
const errOf = async (r: Response) => (await r.json()) as ErrBody;
// What mock-upstream.mjs answers: its word list cycled over 20 chunks.
const WORDS = 'Hello! This is a deterministic mock completion used to measure gateway overhead without a real model behind it .'.split(' ');
const MOCK_TEXT = Array.from({ length: 20 }, (_, i) => WORDS[i % WORDS.length]).join(' ');

interface Gw {
  url: string;
  base: string;
  key: string;
  projectId: string;
  adminKey: string;
  metrics(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

const waitFor = async <T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
};

const modes = [
  { name: 'all-in-one', upstreamPort: 19080, start: (env: object) => startAllInOne(ROOT, env, 19181) },
  { name: 'distributed', upstreamPort: 19081, start: (env: object) => startDistributed(ROOT, env, { basePort: 19200 }) },
];

describe.each(modes)('gateway ($name)', ({ upstreamPort, start }) => {
  let upstream: Upstream;
  let gw: Gw;
  let client: OpenAI;
  const body = (content: string) => ({ model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content }] });

  beforeAll(async () => {
    upstream = await startUpstream(upstreamPort);
    const env = { ...gatewayEnv(upstream.url), TOLLGATE_UPSTREAM_TIMEOUT_MS: '1500', TOLLGATE_CIRCUIT_FAILURES: '3', TOLLGATE_CIRCUIT_OPEN_MS: '1500' };
    gw = await start(env);
    client = new OpenAI({ apiKey: gw.key, baseURL: gw.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.stop();
  });

  it('answers a JSON completion as the provider did, with Tollgate headers', async () => {
    const { data, response } = await client.chat.completions.create(body('json please'), { headers: { 'x-tollgate-cache': 'bypass' } }).withResponse();
    expect(data.choices[0].message.content).toBe(MOCK_TEXT);
    expect(data.usage?.completion_tokens).toBe(20);
    expect(response.headers.get('x-tollgate-provider')).toBe('openai');
    expect(response.headers.get('x-tollgate-cache')).toBe('bypass');
    expect(response.headers.get('x-tollgate-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('streams SSE chunks through, without a usage chunk the client did not ask for', async () => {
    const stream = await client.chat.completions.create({ ...body('stream please'), stream: true });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usageChunks++;
    }
    expect(text).toBe(MOCK_TEXT);
    expect(usageChunks).toBe(0);
  });

  it('sends the usage chunk to a client that asked for it', async () => {
    const stream = await client.chat.completions.create({ ...body('stream with usage'), stream: true, stream_options: { include_usage: true } });
    const usage = [];
    for await (const chunk of stream) if (chunk.usage) usage.push(chunk.usage);
    expect(usage).toHaveLength(1);
    expect(usage[0].completion_tokens).toBe(20);
  });

  it('answers a repeated identical request from the cache with identical content, per project', async () => {
    const req = body(`cache me ${Date.now()}`);
    let last = await client.chat.completions.create(req).withResponse();
    expect(last.response.headers.get('x-tollgate-cache')).toBe('miss');
    const before = (await upstream.stats()).chat;
    // The cache is filled from the event stream, so the first repeats may still miss; each miss refreshes the
    // entry, and the hit must replay the last answer stored, byte for byte.
    const hit = await waitFor(async () => {
      const r = await client.chat.completions.create(req).withResponse();
      if (r.response.headers.get('x-tollgate-cache') === 'hit') return r;
      last = r;
      return undefined;
    });
    expect(hit.data).toEqual(last.data);
    expect(before).toBeGreaterThan(0);
    const after = (await upstream.stats()).chat;
    await client.chat.completions.create(req);
    expect((await upstream.stats()).chat).toBe(after);
    const bypass = await client.chat.completions.create(req, { headers: { 'cache-control': 'no-cache' } }).withResponse();
    expect(bypass.response.headers.get('x-tollgate-cache')).toBe('bypass');
    expect((await upstream.stats()).chat).toBe(after + 1);
  });

  it('replays a cached stream', async () => {
    const req = { ...body(`stream cache ${Date.now()}`), stream: true as const };
    const collect = async () => {
      let text = '';
      const { data, response } = await client.chat.completions.create(req).withResponse();
      for await (const c of data) text += c.choices[0]?.delta?.content ?? '';
      return { text, cache: response.headers.get('x-tollgate-cache') };
    };
    expect((await collect()).cache).toBe('miss');
    const hit = await waitFor(async () => {
      const r = await collect();
      return r.cache === 'hit' ? r : undefined;
    });
    expect(hit.text).toBe(MOCK_TEXT);
  });

  it('rejects bad input with OpenAI-shaped errors and the right status', async () => {
    const bad = new OpenAI({ apiKey: 'tg_not_a_real_key', baseURL: gw.url, maxRetries: 0 });
    await expect(bad.chat.completions.create(body('x'))).rejects.toMatchObject({ status: 401, error: { type: 'authentication_error' } });
    const post = (b: string, headers: Record<string, string> = {}) =>
      fetch(`${gw.url}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json', ...headers }, body: b });
    const malformed = await post('{"model": ');
    expect(malformed.status).toBe(400);
    expect((await errOf(malformed)).error.code).toBe('invalid_json');
    const invalid = await post(JSON.stringify({ model: 'gpt-4o-mini', messages: 'hi' }));
    expect(invalid.status).toBe(400);
    expect((await errOf(invalid)).error.param).toBe('messages');
    const huge = await post(JSON.stringify(body('x'.repeat(5 * 1024 * 1024))));
    expect(huge.status).toBe(413);
    await expect(client.chat.completions.create({ ...body('x'), model: 'nosuchprovider/model' })).rejects.toMatchObject({ status: 404 });
    const noAuth = await fetch(`${gw.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error: { type: 'authentication_error' } });
  });

  it('maps upstream failures and timeouts to 502 and 504', async () => {
    const failed = await client.chat.completions.create({ ...body('x'), model: 'gpt-4o-mini-fail-500' }, { headers: { 'x-tollgate-cache': 'bypass' } }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ status: 502 });
    expect((failed as { headers: Headers }).headers.get('x-tollgate-request-id')).toMatch(/^[0-9a-f-]{36}$/); // errors are traceable too
    await expect(client.chat.completions.create({ ...body('x'), model: 'gpt-4o-mini-slow-4000' }, { headers: { 'x-tollgate-cache': 'bypass' } })).rejects.toMatchObject({ status: 504 });
  });

  it('records every request, streamed ones with real tokens and cost, in the project metrics', async () => {
    const m = await waitFor(async () => {
      const r = (await gw.metrics()) as { total_requests: number; total_tokens: number; total_cost_usd: number; error_rate: number; top_models: Array<{ model: string }> };
      return r.total_requests >= 10 ? r : undefined;
    }, 30_000);
    expect(m.total_tokens).toBeGreaterThan(0);
    expect(m.total_cost_usd).toBeGreaterThan(0);
    expect(m.error_rate).toBeGreaterThan(0);
    expect(m.top_models.map((x) => x.model)).toContain('gpt-4o-mini');
    const other = await fetch(`${gw.base}/v1/projects/00000000-0000-0000-0000-000000000000/metrics`, { headers: { authorization: `Bearer ${gw.key}` } });
    expect([403, 404]).toContain(other.status);
  });

  it('stores request bodies only for a project that chose to, redacted when it asked (store_bodies)', async () => {
    const admin = { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' };
    type Answer = { id: string; key: string; store_bodies: string | null };
    const api = async (method: string, url: string, b?: unknown) =>
      (await (await fetch(`${gw.base}${url}`, { method, headers: admin, body: b === undefined ? undefined : JSON.stringify(b) })).json()) as Answer;
    const projectStoring = async (store_bodies: string) => {
      const p = await api('POST', '/api/v1/projects', { name: `bodies-${store_bodies}` });
      expect((await api('PATCH', `/api/v1/projects/${p.id}`, { store_bodies })).store_bodies).toBe(store_bodies);
      return { id: p.id, key: (await api('POST', `/api/v1/projects/${p.id}/keys`, { name: 'k' })).key };
    };
    const ask = async (key: string, headers: Record<string, string> = {}) => {
      const res = await fetch(`${gw.url}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body('my mail is jane@example.com')) });
      expect(res.status).toBe(200);
      await res.text();
      return res.headers.get('x-tollgate-request-id') ?? '';
    };
    const redacted = await projectStoring('redacted');
    const off = await projectStoring('off');
    // no-store: nothing for the cache, so the bodies travel on their own; the other answer is cacheable.
    const stored = await ask(redacted.key, { 'cache-control': 'no-store' });
    const notStored = await ask(off.key);
    const read = (p: { id: string; key: string }, id: string) => fetch(`${gw.base}/api/v1/projects/${p.id}/requests/${id}`, { headers: { authorization: `Bearer ${p.key}` } });
    const found = await waitFor(async () => {
      const res = await read(redacted, stored);
      return res.status === 200 ? ((await res.json()) as { request: string; response: string }) : undefined;
    });
    expect(found).toMatchObject({ request_id: stored, project_id: redacted.id, store_bodies: 'redacted', truncated: false });
    expect(found.request).toContain('my mail is [REDACTED_EMAIL]');
    expect(found.request).not.toContain('jane@example.com');
    expect(found.response).toContain('chat.completion');
    // The project that stores nothing: its request is recorded (bodies are written before requests), its bodies not.
    await waitFor(async () => {
      const m = (await (await fetch(`${gw.base}/v1/projects/${off.id}/metrics`, { headers: { authorization: `Bearer ${off.key}` } })).json()) as { total_requests: number };
      return m.total_requests >= 1 ? m : undefined;
    });
    expect((await read(off, notStored)).status).toBe(404);
    expect((await read(off, stored)).status).toBe(404);
  });

  it('opens the circuit after repeated provider failures, then lets a probe through', async () => {
    for (let i = 0; i < 3; i++) {
      await client.chat.completions.create({ ...body(`f${i}`), model: 'gpt-4o-mini-fail-503' }, { headers: { 'x-tollgate-cache': 'bypass' } }).catch(() => undefined);
    }
    const open = await waitFor(async () => {
      const r = await fetch(`${gw.url}/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json', 'x-tollgate-cache': 'bypass' }, body: JSON.stringify(body('while open')) });
      return r.status === 503 ? r : undefined;
    }, 10_000);
    expect((await errOf(open)).error.code).toBe('circuit_open');
    const recovered = await waitFor(async () => {
      const r = await client.chat.completions.create(body(`after ${Date.now()}`), { headers: { 'x-tollgate-cache': 'bypass' } }).catch(() => undefined);
      return r?.choices[0].message.content ?? undefined;
    }, 15_000);
    expect(recovered).toBe(MOCK_TEXT);
  });

  it('reports health and Prometheus metrics', async () => {
    const h = await fetch(`${gw.base}/health`);
    expect(h.status).toBe(200);
    expect(await h.json()).toMatchObject({ status: 'healthy' });
    expect(await (await fetch(`${gw.base}/metrics`)).text()).toContain('tollgate_requests_total');
  });
});
