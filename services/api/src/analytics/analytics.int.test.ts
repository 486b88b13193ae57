// Every analytics endpoint against rows inserted into chDB's `requests` (the view fills daily_metrics), checked
// against the same figures computed in the test from the rows themselves.

import { DEFAULT_PRICES } from '@tollgate/config';
import type { CircuitRecord } from '@tollgate/events';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from './range.ts';
import { groupBy, inRange, modelOf, percentiles, savedByModel, savedTotal, totals, usd } from './testing/expected.ts';
import { useAnalyticsFixture } from './testing/fixture.ts';
import { generateRows, type RawRow, seeded } from './testing/rows.ts';

// The real clock: raw rows expire 30 days after occurred_at, so the data must be recent.
const now = new Date();
const today = now.toISOString().slice(0, 10);
const [from, to] = [addDays(today, -6), addDays(today, -1)];
const quiet = addDays(today, -3);
const circuits: CircuitRecord[] = [
  { provider: 'openai', state: 'closed', failures: 1, untilMs: 0, updatedMs: now.getTime() },
  { provider: 'groq', state: 'open', failures: 5, untilMs: now.getTime() + 10_000, updatedMs: now.getTime() },
  { provider: 'mistral', state: 'open', failures: 5, untilMs: now.getTime() - 1, updatedMs: now.getTime() },
];
const f = useAnalyticsFixture(now, circuits);
const close = (v: number | null) => (v === null ? null : expect.closeTo(v, 6));
const pct = (values: number[]) => {
  const p = percentiles(values);
  return { p50: close(p.p50), p95: close(p.p95), p99: close(p.p99) };
};

let a: string;
let b: string;
let keyA: string;
let keyB: string;
let rows: RawRow[];
let scoped: RawRow[];
const base = () => `/api/v1/projects/${a}/analytics`;
const range = `from=${from}&to=${to}`;

beforeAll(async () => {
  a = (await f.post('/api/v1/projects', { name: 'a' })).json.id;
  b = (await f.post('/api/v1/projects', { name: 'b' })).json.id;
  const ka = [(await f.post(`/api/v1/projects/${a}/keys`, { name: 'k1' })).json, (await f.post(`/api/v1/projects/${a}/keys`, { name: 'k2' })).json];
  const kb = (await f.post(`/api/v1/projects/${b}/keys`, { name: 'k' })).json;
  [keyA, keyB] = [ka[0].key, kb.key];
  expect([keyA, keyB, ...ka.map((k) => k.id)]).toEqual([expect.any(String), expect.any(String), expect.any(String), expect.any(String)]);
  const spread = { firstDay: addDays(today, -8), days: 9 };
  const mine = generateRows({ projectId: a, keys: ka.map((k) => k.id), ...spread, count: 2000, seed: 7, tag: 'a' }).filter((r) => !r.occurred_at.startsWith(quiet));
  const theirs = generateRows({ projectId: b, keys: [kb.id], ...spread, count: 400, seed: 8, tag: 'b' });
  // The last hour, for provider health (both projects).
  const rnd = seeded(9);
  const recent = generateRows({ projectId: a, keys: [ka[0].id], firstDay: today, days: 1, count: 300, seed: 10, tag: 'r' }).map((r) => ({
    ...r,
    occurred_at: new Date(now.getTime() - 1000 - rnd(3_500_000)).toISOString().replace('T', ' ').slice(0, 23),
  }));
  rows = [...mine, ...theirs, ...recent];
  await f.insert(rows.slice(0, 1000));
  await f.insert(rows.slice(1000));
  scoped = inRange(rows, a, from, to);
});

describe('analytics access', () => {
  it('lets the admin and the project key in; another project key gets the 404 of an unknown project', async () => {
    expect((await f.get(`${base()}/summary`)).status).toBe(200);
    expect((await f.get(`${base()}/daily`, keyA)).status).toBe(200);
    const other = await f.get(`${base()}/summary`, keyB);
    const unknown = await f.get('/api/v1/projects/00000000-0000-4000-8000-000000000000/analytics/summary');
    expect([other.status, unknown.status]).toEqual([404, 404]);
    expect(other.json).toEqual(unknown.json);
    expect((await f.get(`${base()}/summary`, null)).status).toBe(401);
    expect((await f.get('/api/v1/providers/health', keyA)).status).toBe(403);
  });

  it('validates the range and the parameters', async () => {
    const dflt = await f.get(`${base()}/summary`);
    expect([dflt.json.from, dflt.json.to]).toEqual([addDays(today, -29), today]);
    for (const q of ['from=2024-02-30', `from=${to}&to=${from}`, 'from=2020-01-01&to=2022-01-01', 'by=nope', 'by=model&limit=101', 'by=model&limit=0']) {
      const res = await f.get(`${base()}/breakdown?${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await f.get(`${base()}/counterfactual`)).status).toBe(400);
    expect((await f.get(`${base()}/counterfactual?model=unknown-model`)).json.error.param).toBe('model');
  });
});

describe('analytics numbers agree with the raw rows', () => {
  it('summary', async () => {
    const t = totals(scoped);
    const res = await f.get(`${base()}/summary?${range}`);
    expect(res.json).toEqual({ project_id: a, from, to, ...t, cache_hit_rate: t.cache_hits / t.requests, saved_cost_usd_estimate: savedTotal(scoped) });
    expect(t.requests).toBeGreaterThan(500);
  });

  it('daily, with the quiet day as zeros', async () => {
    const res = await f.get(`${base()}/daily?${range}`);
    const days = Array.from({ length: 6 }, (_, i) => addDays(from, i));
    expect(res.json.data).toEqual(days.map((day) => ({ day, ...totals(scoped.filter((r) => r.occurred_at.startsWith(day))) })));
    expect(res.json.data.find((d: { day: string }) => d.day === quiet).requests).toBe(0);
  });

  const dims: Record<string, (r: RawRow) => string> = { model: modelOf, provider: (r) => r.provider, key: (r) => r.key_id, endpoint: (r) => r.endpoint, status: (r) => String(r.status) };
  for (const [by, key] of Object.entries(dims)) {
    it(`breakdown by ${by}`, async () => {
      const all = [...groupBy(scoped, key)].map(([value, rs]) => ({ value, ...totals(rs) }));
      all.sort((x, y) => y.requests - x.requests || (x.value < y.value ? -1 : 1));
      expect((await f.get(`${base()}/breakdown?${range}&by=${by}&limit=100`)).json).toEqual({ project_id: a, from, to, by, data: all });
      expect((await f.get(`${base()}/breakdown?${range}&by=${by}&limit=2`)).json.data).toEqual(all.slice(0, 2));
    });
  }

  it('latency and TTFT percentiles, overall and per model', async () => {
    const stats = (rs: RawRow[]) => {
      const ttft = rs.filter((r) => r.ttft_ms > 0).map((r) => r.ttft_ms);
      return { requests: rs.length, latency_ms: pct(rs.map((r) => r.latency_ms)), ttft_requests: ttft.length, ttft_ms: pct(ttft) };
    };
    const models = [...groupBy(scoped, modelOf)].sort((x, y) => y[1].length - x[1].length || (x[0] < y[0] ? -1 : 1));
    const res = await f.get(`${base()}/latency?${range}`);
    expect(res.json).toEqual({ project_id: a, from, to, ...stats(scoped), models: models.map(([model, rs]) => ({ model, ...stats(rs) })) });
  });

  it('errors by class', async () => {
    const failed = scoped.filter((r) => r.status >= 400);
    const classes = [...groupBy(failed, (r) => r.error_class)]
      .map(([error_class, rs]) => ({ error_class, errors: rs.length, rate: rs.length / scoped.length, share: rs.length / failed.length }))
      .sort((x, y) => y.errors - x.errors || (x.error_class < y.error_class ? -1 : 1));
    const res = await f.get(`${base()}/errors?${range}`);
    expect(res.json).toEqual({ project_id: a, from, to, requests: scoped.length, errors: failed.length, error_rate: failed.length / scoped.length, classes });
    expect(classes.length).toBeGreaterThan(2);
  });

  it('cache hit rate and saved cost', async () => {
    const saved = savedByModel(scoped);
    const res = await f.get(`${base()}/cache?${range}`);
    const count = (rs: RawRow[], s: string) => rs.filter((r) => r.cache_status === s).length;
    const [hits, misses] = [count(scoped, 'hit'), count(scoped, 'miss')];
    expect(res.json).toMatchObject({ requests: scoped.length, hits, misses, hit_rate: hits / scoped.length, lookup_hit_rate: hits / (hits + misses), saved_cost_usd_estimate: savedTotal(scoped) });
    for (const [model, rs] of groupBy(scoped, modelOf)) {
      const m = res.json.models.find((x: { model: string }) => x.model === model);
      expect(m).toMatchObject({ requests: rs.length, hits: count(rs, 'hit'), misses: count(rs, 'miss'), saved_cost_usd_estimate: usd(saved.get(model) ?? 0n) });
    }
    expect(res.json.saved_cost_usd_estimate).toBeGreaterThan(0);
  });

  it('top users (the key as the user)', async () => {
    const users = [...groupBy(scoped, (r) => r.key_id)].map(([user, rs]) => ({ user, ...totals(rs) }));
    users.sort((x, y) => y.cost_usd - x.cost_usd || y.requests - x.requests || (x.user < y.user ? -1 : 1));
    expect((await f.get(`${base()}/users?${range}&limit=5`)).json).toEqual({ project_id: a, from, to, user_dimension: 'key_id', data: users });
  });

  it('counterfactual cost on another model', async () => {
    const price = DEFAULT_PRICES['gpt-4.1-nano'];
    const res = await f.get(`${base()}/counterfactual?${range}&model=gpt-4.1-nano`);
    const models = [...groupBy(scoped, modelOf)].sort((x, y) => (x[0] < y[0] ? -1 : 1));
    const would = models.map(([, rs]) => {
      const [tin, tout] = [rs.reduce((n, r) => n + r.tokens_in, 0), rs.reduce((n, r) => n + r.tokens_out, 0)];
      return BigInt(Math.round(tin * price.input * 1000 + tout * price.output * 1000));
    });
    const actual = scoped.reduce((n, r) => n + BigInt(r.cost_nanousd), 0n);
    const total = would.reduce((n, v) => n + v, 0n);
    expect(res.json).toMatchObject({ model: 'gpt-4.1-nano', requests: scoped.length, actual_cost_usd: usd(actual), counterfactual_cost_usd: usd(total), difference_usd: usd(total - actual) });
    expect(res.json.models.map((m: { model: string; counterfactual_cost_usd: number }) => [m.model, m.counterfactual_cost_usd])).toEqual(models.map(([m], i) => [m, usd(would[i])]));
  });

  it('provider health: circuits and the last hour of traffic', async () => {
    const cutoff = new Date(now.getTime() - 3_600_000).toISOString().replace('T', ' ').slice(0, 23);
    const nowText = now.toISOString().replace('T', ' ').slice(0, 23);
    const window = rows.filter((r) => r.occurred_at >= cutoff && r.occurred_at < nowText && r.provider !== '' && r.cache_status !== 'hit');
    const res = await f.get('/api/v1/providers/health');
    const seen = groupBy(window, (r) => r.provider);
    const circuit: Record<string, string> = { openai: 'closed', groq: 'open', mistral: 'half_open' };
    const names = [...new Set([...seen.keys(), ...Object.keys(circuit)])].sort();
    expect(res.json.data).toEqual(
      names.map((provider) => {
        const rs = seen.get(provider) ?? [];
        return expect.objectContaining({
          provider,
          circuit: circuit[provider] ?? 'closed',
          requests: rs.length,
          success_rate: rs.length ? rs.filter((r) => r.status < 400).length / rs.length : null,
          latency_p50_ms: close(percentiles(rs.map((r) => r.latency_ms)).p50),
        });
      }),
    );
    expect(window.length).toBeGreaterThan(100);
  });
});
