// Issue 4's "checked by", end to end: governance holds across several ingress replicas of the distributed gateway
// (limits and budgets in Redis, key changes over NATS) and in the all-in-one process (in-memory limits). Each test
// makes its own project and keys, so the shared Redis and Postgres need no cleaning. Timings and counts are logged.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startAllInOne, startDistributed } from '../bench/gateways.mjs';
import { startUpstream, type Upstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const UPSTREAM_PORT = 19085;
const BASE_PORT = 19400; // ingress replicas on 19481, 19485, 19486
const ALL_IN_ONE_PORT = 19189;
const MINI = { input: 0.15, output: 0.6 }; // gpt-4o-mini, USD per million tokens (packages/config/src/schema.ts)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Gw {
  base: string;
  adminKey: string;
  ingressUrls?: string[];
  stop(): Promise<void>;
}
type ErrBody = { error: { message: string; type: string; code: string; param: string | null } };
type KeySettings = { rpm?: number; daily_budget_usd?: number; allowed_models?: string[] };

/** The management API (admin) and the chat endpoint of one gateway. */
function client(gw: Gw) {
  const run = `${Date.now().toString(36)}-${process.pid}`;
  const admin = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${gw.base}${p}`, { method, headers: { authorization: `Bearer ${gw.adminKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { id: string; key: string } };
  };
  return {
    admin,
    async project(name: string): Promise<string> {
      const r = await admin('POST', '/api/v1/projects', { name: `governance-${name}-${run}` });
      expect(r.status).toBe(201);
      return r.json.id;
    },
    async key(projectId: string, settings: KeySettings = {}): Promise<{ id: string; key: string }> {
      const r = await admin('POST', `/api/v1/projects/${projectId}/keys`, { name: `governance-${run}`, ...settings });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
      return { id: r.json.id, key: r.json.key };
    },
  };
}

/** One chat completion, never from the cache. `max_tokens` 20 is exactly what the mock answers. */
function chat(base: string, key: string, opts: { model?: string; content?: string; body?: string } = {}): Promise<Response> {
  const body = opts.body ?? JSON.stringify({ model: opts.model ?? 'gpt-4o-mini', messages: [{ role: 'user', content: opts.content ?? 'governance' }], max_tokens: 20 });
  return fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-tollgate-cache': 'bypass' }, body });
}

/** Authenticates the key on a replica (caching it there) without using a rate-limit unit: an invalid body is a 400. */
async function warm(base: string, key: string): Promise<void> {
  const r = await chat(base, key, { body: JSON.stringify({ model: 'gpt-4o-mini', messages: 'x' }) });
  expect(r.status).toBe(400);
}

/** Polls every 50 ms until the key is refused (401) on `base`; ms from `since` to the first 401, or undefined. */
async function msUntil401(base: string, key: string, since: number, boundMs: number): Promise<number | undefined> {
  while (Date.now() - since <= boundMs) {
    const r = await chat(base, key);
    await r.arrayBuffer();
    if (r.status === 401) return Date.now() - since;
    expect(r.status).toBe(200);
    await sleep(50);
  }
  return undefined;
}

/**
 * Admissions that skipped the limits because a replica took Redis for unavailable (fail-open), summed over the
 * replicas' /metrics. Any of them breaks the limits while Redis is healthy, so the tests read the count around
 * their burst and report it with their assertions.
 */
async function uncheckedAdmissions(bases: string[]): Promise<number> {
  let n = 0;
  for (const b of bases) {
    const text = await (await fetch(`${b}/metrics`)).text();
    for (const line of text.split('\n')) if (line.startsWith('tollgate_admission_total{result="unchecked"}')) n += Number(line.split(' ').pop());
  }
  return n;
}

/** Test 1 and 6: `3 x rpm` concurrent requests round-robin over `bases`; exactly `rpm` are admitted. */
async function rateLimitHolds(gw: Gw, bases: string[], label: string): Promise<void> {
  const c = client(gw);
  const rpm = 30;
  const { key } = await c.key(await c.project(`rpm-${label}`), { rpm });
  for (const b of bases) await warm(b, key);
  const uncheckedBefore = await uncheckedAdmissions(bases);
  const t0 = Date.now();
  const answers = await Promise.all(
    Array.from({ length: 3 * rpm }, async (_, i) => {
      const r = await chat(bases[i % bases.length], key, { content: `rpm ${i}` });
      return { r, replica: i % bases.length, body: (await r.json()) as ErrBody };
    }),
  );
  const elapsed = Date.now() - t0;
  const unchecked = (await uncheckedAdmissions(bases)) - uncheckedBefore;
  const ok = answers.filter((a) => a.r.status === 200);
  const limited = answers.filter((a) => a.r.status === 429);
  const perReplica = bases.map((_, i) => ok.filter((a) => a.replica === i).length);
  console.log(`[governance] ${label} rpm ${rpm}: ${ok.length} admitted (per replica ${perReplica.join('/')}, ${unchecked} unchecked), ${limited.length} refused, burst took ${elapsed} ms`);
  // GCRA refills one unit every 60/rpm = 2 s; a burst longer than that could fairly admit one more.
  expect(elapsed).toBeLessThan(2000);
  expect(ok.length, `${unchecked} admitted unchecked (limits store taken for unavailable)`).toBe(rpm);
  expect(unchecked).toBe(0);
  expect(limited.length).toBe(2 * rpm);
  for (const a of ok) {
    expect(a.r.headers.get('x-ratelimit-limit-requests')).toBe(String(rpm));
    expect(a.r.headers.get('x-ratelimit-remaining-requests')).toMatch(/^\d+$/);
  }
  for (const a of limited) {
    expect(a.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'rate_limit_error' });
    expect(Number(a.r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(a.r.headers.get('x-ratelimit-limit-requests')).toBe(String(rpm));
    expect(a.r.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(a.r.headers.get('x-ratelimit-reset-requests')).toBeTruthy();
  }
}

let upstream: Upstream;
beforeAll(async () => {
  upstream = await startUpstream(UPSTREAM_PORT);
});
afterAll(async () => {
  await upstream?.stop();
});

describe('governance across 3 ingress replicas (distributed: Redis limits, NATS key changes)', () => {
  let gw: Gw;
  let bases: string[];
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    gw = await startDistributed(ROOT, { ...gatewayEnv(upstream.url), TOLLGATE_CIRCUIT_FAILURES: '1000' }, { basePort: BASE_PORT, extraIngress: 2 });
    bases = gw.ingressUrls!;
    expect(bases).toHaveLength(3);
    c = client(gw);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('holds a key rpm across replicas: exactly rpm admitted, the rest 429 with Retry-After and x-ratelimit-*', async () => {
    await rateLimitHolds(gw, bases, 'distributed');
  });

  it('holds a daily budget across replicas: 200 concurrent requests, 402 beyond it, spend within one request of it', async () => {
    const projectId = await c.project('budget');
    const content = 'budget probe: a prompt of fixed length for every request';
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], max_tokens: 20 });
    // Admission reserves ceil(body chars / 4) prompt tokens at the input price plus max_tokens at the output price.
    const reservedNano = Math.ceil(Math.ceil(body.length / 4) * MINI.input * 1000 + 20 * MINI.output * 1000);
    const budgetUsd = (10 * reservedNano + reservedNano / 2) / 1e9; // room for ten and a half reservations
    const { key } = await c.key(projectId, { daily_budget_usd: budgetUsd });
    for (const b of bases) await warm(b, key);
    const uncheckedBefore = await uncheckedAdmissions(bases);
    const answers = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const r = await chat(bases[i % bases.length], key, { body });
        return { r, body: (await r.json()) as ErrBody & { usage?: { prompt_tokens: number; completion_tokens: number } } };
      }),
    );
    const unchecked = (await uncheckedAdmissions(bases)) - uncheckedBefore;
    const ok = answers.filter((a) => a.r.status === 200);
    const refused = answers.filter((a) => a.r.status === 402);
    expect(ok.length + refused.length).toBe(200);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    for (const a of refused) expect(a.body.error).toMatchObject({ code: 'budget_exceeded', type: 'insufficient_quota' });
    // One request's maximum cost: the larger of what admission reserves and what the provider really charged.
    const usage = ok[0].body.usage!;
    const actualNano = usage.prompt_tokens * MINI.input * 1000 + usage.completion_tokens * MINI.output * 1000;
    const maxCostUsd = Math.max(reservedNano, actualNano) / 1e9;

    // Rejected requests publish nothing: once every admitted one is ingested, the project's spend is final.
    const deadline = Date.now() + 20_000;
    let m = { total_requests: 0, total_cost_usd: 0 };
    while (Date.now() < deadline) {
      m = (await c.admin('GET', `/v1/projects/${projectId}/metrics`)).json as unknown as typeof m;
      if (m.total_requests >= ok.length) break;
      await sleep(200);
    }
    expect(m.total_requests).toBe(ok.length);
    const overshootUsd = m.total_cost_usd - budgetUsd;
    console.log(
      `[governance] budget $${budgetUsd.toFixed(9)} (reservation $${(reservedNano / 1e9).toFixed(9)}, actual $${(actualNano / 1e9).toFixed(9)} per request): ` +
        `${ok.length} admitted (${unchecked} unchecked), ${refused.length} refused (402), recorded spend $${m.total_cost_usd.toFixed(9)}, overshoot $${overshootUsd.toFixed(9)} (${(overshootUsd / maxCostUsd).toFixed(2)} requests)`,
    );
    expect(m.total_cost_usd, `${unchecked} admitted unchecked (limits store taken for unavailable)`).toBeLessThanOrEqual(budgetUsd + maxCostUsd + 1e-12);
    expect(unchecked).toBe(0);
  });

  it('propagates a revocation: every replica that cached the key answers 401 within 1 s', async () => {
    const projectId = await c.project('revoke');
    const k = await c.key(projectId);
    for (const b of bases) expect((await chat(b, k.key)).status).toBe(200);
    const del = await c.admin('DELETE', `/api/v1/projects/${projectId}/keys/${k.id}`);
    expect(del.status).toBe(204);
    const since = Date.now();
    const ms = await Promise.all(bases.map((b) => msUntil401(b, k.key, since, 1500)));
    console.log(`[governance] revocation: 401 on each replica after ${ms.map((x) => x ?? 'never').join(' / ')} ms`);
    for (const x of ms) {
      expect(x).toBeDefined();
      expect(x!).toBeLessThanOrEqual(1000);
    }
  });

  it('rotates with overlap: old and new keys both work, then the old one is refused on every replica', async () => {
    const projectId = await c.project('rotate');
    const old = await c.key(projectId);
    for (const b of bases) expect((await chat(b, old.key)).status).toBe(200);
    const rot = await c.admin('POST', `/api/v1/projects/${projectId}/keys/${old.id}/rotate`, { overlap_seconds: 2 });
    expect(rot.status).toBe(201);
    const fresh = rot.json.key;
    const oldExpires = Date.parse((rot.json.rotated_from as { expires_at: string }).expires_at);
    expect(oldExpires - Date.now()).toBeGreaterThan(1000);
    for (const b of bases) {
      expect((await chat(b, old.key)).status).toBe(200);
      expect((await chat(b, fresh)).status).toBe(200);
    }
    await sleep(Math.max(0, oldExpires - Date.now() - 200));
    const ms = await Promise.all(bases.map((b) => msUntil401(b, old.key, oldExpires, 1500)));
    console.log(`[governance] rotation: old key refused on each replica ${ms.map((x) => x ?? 'never').join(' / ')} ms after its expires_at`);
    for (const x of ms) {
      expect(x).toBeDefined();
      expect(x!).toBeGreaterThanOrEqual(0); // never refused before its expiry
    }
    for (const b of bases) {
      const r = await chat(b, old.key);
      expect(r.status).toBe(401);
      expect(((await r.json()) as ErrBody).error.type).toBe('authentication_error');
      expect((await chat(b, fresh)).status).toBe(200);
    }
  });

  it('refuses a model outside allowed_models with 403 on every replica', async () => {
    const projectId = await c.project('models');
    const { key } = await c.key(projectId, { allowed_models: ['gpt-4o-mini'] });
    for (const b of bases) {
      const denied = await chat(b, key, { model: 'gpt-4o' });
      expect(denied.status).toBe(403);
      expect(((await denied.json()) as ErrBody).error).toMatchObject({ type: 'permission_error', code: 'forbidden', param: 'model' });
      expect((await chat(b, key, { model: 'gpt-4o-mini' })).status).toBe(200);
    }
    const open = await c.key(projectId);
    expect((await chat(bases[0], open.key, { model: 'gpt-4o' })).status).toBe(200);
  });
});

describe('governance in one process (all-in-one: in-memory limits)', () => {
  let gw: Gw;
  beforeAll(async () => {
    gw = await startAllInOne(ROOT, { ...gatewayEnv(upstream.url), GATEWAY_GRPC_ADDR: '127.0.0.1:0' }, ALL_IN_ONE_PORT);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('holds a key rpm: exactly rpm admitted, the rest 429 with Retry-After and x-ratelimit-*', async () => {
    await rateLimitHolds(gw, [gw.base], 'all-in-one');
  });
});
