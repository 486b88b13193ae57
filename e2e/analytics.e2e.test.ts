// Issue 5's "checked by", through the running distributed gateway: N chat requests (JSON, streamed, failing, cache
// hits) and M distinct SDK events (sent with repeats) while ingest is SIGKILLed twice in its most dangerous window,
// after ClickHouse committed an insert and before the batch was acked (a proxy in front of the ClickHouse HTTP
// front kills ingest when the insert's 200 comes back, and drops that answer). Once JetStream has redelivered those
// batches, ClickHouse must hold exactly N request rows and M events, every rollup must equal a direct aggregate of
// the raw rows, and the metrics and analytics endpoints must report the same numbers.
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createClient } from '@clickhouse/client';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM helper shared with bench/
import { gatewayEnv, startDistributed } from '../bench/gateways.mjs';
import { startUpstream, type Upstream } from './upstream.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BASE_PORT = 19500;
const CH_PORT = BASE_PORT + 23;
const PROXY_PORT = BASE_PORT + 24;
const N = 300; // gateway requests, in three phases of 100
const M = 200; // distinct SDK events, in five batches with repeats
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Gw {
  base: string;
  url: string;
  key: string;
  projectId: string;
  adminKey: string;
  procs: { name: string; pid: number }[];
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  start(name: string, env?: Record<string, string>): Promise<unknown>;
  restart(name: string, env?: Record<string, string>): Promise<unknown>;
  stop(): Promise<void>;
}

/** Forwards to the ClickHouse HTTP front; an armed trap fires on the first committed INSERT into its table. */
function startClickHouseProxy(port: number, target: number) {
  let trap: { table: string; onCommitted: () => Promise<void>; fired: (rows: string[]) => void } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
      const table = /^\s*INSERT\s+INTO\s+([\w.]+)/i.exec(query)?.[1]?.split('.').pop();
      const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (ur) => {
        const t = trap;
        if (t && table === t.table && ur.statusCode === 200) {
          trap = undefined;
          ur.resume();
          ur.on('end', () => {
            const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString();
            // ingest dies before it can read the answer: the rows are stored, their messages never acked.
            void t.onCommitted().finally(() => {
              res.destroy();
              t.fired(text.split('\n').filter(Boolean));
            });
          });
          return;
        }
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    listen: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    /** Resolves with the rows (JSONEachRow lines) of the trapped insert. */
    arm(table: string, onCommitted: () => Promise<void>): Promise<string[]> {
      const fired = new Promise<string[]>((resolve) => (trap = { table, onCommitted, fired: resolve }));
      return Promise.race([fired, sleep(30_000).then(() => Promise.reject(new Error(`no INSERT into ${table} within 30 s`)))]);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const usd = (nano: string | bigint) => {
  const n = BigInt(nano);
  return Number(`${n / 1_000_000_000n}.${(n % 1_000_000_000n).toString().padStart(9, '0')}`);
};

/** The i-th distinct SDK event: a quarter each of prompt calls, tool calls, agent steps and errors. */
function sdkEvent(i: number, runTag: string) {
  const base = { event_id: crypto.randomUUID(), timestamp: new Date(Date.now() - 60_000 + i).toISOString(), run_id: `${runTag}-${i % 5}` };
  switch (i % 4) {
    case 0:
      return { ...base, event_type: 'prompt_call', model: i % 8 === 0 ? 'gpt-4o' : 'gpt-4o-mini', tokens_input: i + 1, tokens_output: 2 * i + 1, cost_estimate_usd: (i + 1) / 1e6, latency_ms: 5 + i, status: i % 12 === 0 ? 'error' : 'success' };
    case 1:
      return { ...base, event_type: 'tool_call', tool_name: 'search', tool_input: { q: i }, latency_ms: 3 };
    case 2:
      return { ...base, event_type: 'agent_step', step: i, tokens_input: 1, cost_estimate_usd: 0.000002 };
    default:
      return { ...base, event_type: 'error', error_message: `boom ${i}` };
  }
}

describe('analytics after ingest crashes (distributed)', () => {
  let upstream: Upstream;
  let gw: Gw;
  let client: OpenAI;
  const proxy = startClickHouseProxy(PROXY_PORT, CH_PORT);
  const ch = createClient({ url: `http://127.0.0.1:${CH_PORT}`, database: 'tollgate' });
  // 64-bit integers arrive as JSON strings or numbers depending on the server's settings: read them as strings.
  const rows = async (query: string, params: Record<string, unknown> = {}) => {
    const rs = await (await ch.query({ query, query_params: { p: gw.projectId, ...params }, format: 'JSONEachRow' })).json<Record<string, unknown>>();
    return rs.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]))) as Record<string, string>[];
  };
  const api = async (p: string) => {
    const r = await fetch(`${gw.base}${p}`, { headers: { authorization: `Bearer ${gw.key}` } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> & { data: Record<string, unknown>[] } };
  };

  beforeAll(async () => {
    upstream = await startUpstream(19086);
    await proxy.listen();
    const env = { ...gatewayEnv(upstream.url), TOLLGATE_INGEST_BATCH: '25', TOLLGATE_INGEST_FLUSH_MS: '100', TOLLGATE_CIRCUIT_FAILURES: '1000' };
    gw = await startDistributed(ROOT, env, { basePort: BASE_PORT });
    client = new OpenAI({ apiKey: gw.key, baseURL: gw.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await gw?.stop();
    await upstream?.stop();
    await proxy.close();
    await ch.close();
  });

  const sent = { requests: 0, errors: 0, hits: 0, streamed: 0 };
  const HOT = Array.from({ length: 6 }, (_, i) => `hot prompt ${i} ${Date.now()}`);
  /** Request i of N: every 10th fails upstream (500, every other one streamed), 3 in 10 are streamed, 2 in 10 repeat a hot prompt. */
  async function request(i: number): Promise<void> {
    const slot = i % 10;
    const fail = slot === 0;
    const stream = slot === 1 || slot === 2 || slot === 3 || slot === 5 || (fail && i % 20 === 0);
    const content = slot === 4 || slot === 5 ? HOT[(Math.floor(i / 10) % 3) + (slot === 5 ? 3 : 0)] : `request ${i} ${Date.now()}`;
    const req = { model: fail ? 'gpt-4o-mini-fail-500' : 'gpt-4o-mini', messages: [{ role: 'user' as const, content }], ...(slot === 1 ? { stream_options: { include_usage: true } } : {}) };
    sent.requests++;
    if (stream) sent.streamed++;
    try {
      if (stream) {
        const { data, response } = await client.chat.completions.create({ ...req, stream: true }).withResponse();
        let text = '';
        for await (const c of data) text += c.choices[0]?.delta?.content ?? '';
        expect(text.length).toBeGreaterThan(0);
        if (response.headers.get('x-tollgate-cache') === 'hit') sent.hits++;
      } else {
        const { response } = await client.chat.completions.create(req).withResponse();
        if (response.headers.get('x-tollgate-cache') === 'hit') sent.hits++;
      }
    } catch (err) {
      expect(err).toMatchObject({ status: 502 });
      sent.errors++;
    }
  }
  async function requests(from: number, to: number, workers = 6): Promise<void> {
    let next = from;
    await Promise.all(Array.from({ length: workers }, async () => {
      while (next < to) await request(next++);
    }));
  }

  const events = Array.from({ length: M }, (_, i) => sdkEvent(i, `run-${Date.now()}`));
  /** Batch b of 5: its 40 events, 3 of them twice, and 5 of the previous batch again. */
  async function sdkBatch(b: number): Promise<void> {
    const own = events.slice(b * 40, b * 40 + 40);
    const batch = [...own, ...own.slice(0, 3), ...(b > 0 ? events.slice(b * 40 - 5, b * 40) : [])];
    const r = await fetch(`${gw.url}/events/batch`, { method: 'POST', headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: batch }) });
    const body = (await r.json()) as { accepted: number; duplicates: number; rejected: number };
    expect({ status: r.status, rejected: body.rejected, total: body.accepted + body.duplicates }).toEqual({ status: 202, rejected: 0, total: batch.length });
    expect(body.duplicates).toBeGreaterThanOrEqual(3);
  }

  const skipped = async () => {
    const text = await fetch(`http://127.0.0.1:${BASE_PORT + 93}/metrics`).then((r) => r.text(), () => '');
    const of = (durable: string) => Number(new RegExp(`tollgate_ingest_rows_skipped_total\\{durable="${durable}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { requests: of('ingest-requests'), events: of('ingest-sdk-events') };
  };

  it('stores every request and event exactly once across two SIGKILLs of ingest between insert and ack', { timeout: 100_000 }, async () => {
    // ingest consumes before its health endpoint answers: a trap that fires early holds the insert's answer until
    // the start-up (which waits for health) is over, then kills.
    let started: Promise<unknown> = Promise.resolve();
    const killIngest = async () => {
      await started;
      await gw.kill('ingest', 'SIGKILL');
    };
    // Phase 1: ingest behind the trap on `requests`; traffic flows while it dies.
    const trap1 = proxy.arm('requests', killIngest);
    started = gw.restart('ingest', { CLICKHOUSE_URL: proxy.url });
    const [killed1] = await Promise.all([trap1, started, requests(0, 100), sdkBatch(0), sdkBatch(1)]);
    // Phase 2: a new ingest behind the trap on `events`.
    const trap2 = proxy.arm('events', killIngest);
    started = gw.start('ingest', { CLICKHOUSE_URL: proxy.url });
    const [killed2] = await Promise.all([trap2, started, requests(100, 200), sdkBatch(2), sdkBatch(3)]);
    // Phase 3: ingest straight to ClickHouse again; JetStream redelivers the unacked batches after ack_wait (30 s).
    await Promise.all([gw.start('ingest'), requests(200, N), sdkBatch(4)]);
    expect(sent).toMatchObject({ requests: N, errors: 30 });
    expect(sent.hits).toBeGreaterThan(0);
    expect(killed1.length).toBeGreaterThan(0);
    expect(killed2.length).toBeGreaterThan(0);

    // Settled: exact counts, the trapped rows redelivered and found stored (ingest's skipped counter), and nothing
    // pending on either durable. Hazard: the durables are shared by every distributed run on this NATS server; a
    // run consuming at the same time could take this project's messages into its own ClickHouse.
    const nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    const jsm = await jetstreamManager(nc);
    const idle = async (durable: string) => {
      const c = await jsm.consumers.info('TG_EVENTS', durable);
      return c.num_pending === 0 && c.num_ack_pending === 0;
    };
    let counts: Record<string, string> = {};
    const deadline = Date.now() + 60_000;
    try {
      for (;;) {
        [counts] = await rows(
          'SELECT (SELECT count() FROM requests WHERE project_id = {p:String}) AS requests, (SELECT count() FROM events WHERE project_id = {p:String}) AS events',
        );
        const s = await skipped();
        const redelivered = s.requests >= killed1.length && s.events >= killed2.length;
        if (Number(counts.requests) > N || Number(counts.events) > M) break;
        if (Number(counts.requests) === N && Number(counts.events) === M && redelivered && (await idle('ingest-requests')) && (await idle('ingest-sdk-events'))) break;
        if (Date.now() > deadline) break;
        await sleep(500);
      }
    } finally {
      await nc.close();
    }
    expect(counts).toEqual({ requests: String(N), events: String(M) });
    const [ids] = await rows('SELECT uniqExact(event_id) AS r, (SELECT uniqExact(event_id) FROM events WHERE project_id = {p:String}) AS e FROM requests WHERE project_id = {p:String}');
    expect(ids).toEqual({ r: String(N), e: String(M) });
  });

  // Every rollup, grouped by its own key, against the same aggregate computed from the raw rows.
  const RAW_MODEL = "if(model_served = '', model_requested, model_served)";
  const RAW = `count() AS requests, countIf(status >= 400) AS errors, sum(toUInt64(tokens_in)) AS tokens_in, sum(toUInt64(tokens_out)) AS tokens_out,
    toString(sum(cost_nanousd)) AS cost, countIf(cache_status = 'hit') AS cache_hits`;
  const SUMS = `sum(requests) AS requests, sum(errors) AS errors, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
    toString(sum(cost_nanousd)) AS cost, sum(cache_hits) AS cache_hits`;
  const SDK_ERROR = "(lower(status) IN ('error', 'timeout', 'failed', 'failure') OR error_message != '')";

  it('has streamed requests with real tokens and cost, and the statuses the client saw', async () => {
    const [r] = await rows(`SELECT ${RAW}, countIf(streaming) AS streamed,
      countIf(streaming AND status < 400 AND cache_status != 'hit') AS priced_streams,
      countIf(streaming AND status < 400 AND cache_status != 'hit' AND (requests.tokens_in = 0 OR requests.tokens_out = 0 OR cost_nanousd <= 0)) AS unpriced_streams,
      countIf(status >= 400 AND error_class != 'cancelled') AS failed, countIf(error_class = 'cancelled') AS cancelled
      FROM requests WHERE project_id = {p:String}`);
    // Every client here read its whole answer (the openai SDK closes the connection at `data: [DONE]`, which
    // must not count as a cancellation): only the upstream failures are errors.
    expect(r).toMatchObject({ requests: String(N), failed: String(sent.errors), cancelled: '0', cache_hits: String(sent.hits), streamed: String(sent.streamed), unpriced_streams: '0' });
    expect(Number(r.priced_streams)).toBeGreaterThan(50);
    expect(BigInt(r.cost)).toBeGreaterThan(0n);
  });

  it('rolls requests up into daily_metrics, daily_usage and project_summary exactly', async () => {
    const dm = await rows(`SELECT day, model, provider, ${SUMS} FROM daily_metrics WHERE project_id = {p:String} GROUP BY day, model, provider ORDER BY day, model, provider`);
    expect(dm.length).toBeGreaterThanOrEqual(2);
    expect(dm).toEqual(
      await rows(`SELECT toDate(occurred_at) AS day, ${RAW_MODEL} AS model, provider, ${RAW} FROM requests WHERE project_id = {p:String}
        GROUP BY day, model, provider ORDER BY day, model, provider`),
    );
    const usage = await rows(`SELECT day, model, provider, key_id, ${SUMS}, sum(latency_ms_sum) AS latency, sum(ttft_ms_sum) AS ttft,
      arrayMap(x -> round(x, 3), quantilesMerge(0.5, 0.9, 0.95, 0.99)(latency_ms_quantiles)) AS q
      FROM daily_usage WHERE project_id = {p:String} AND source = 'gateway' GROUP BY day, model, provider, key_id ORDER BY day, model, provider, key_id`);
    expect(usage.length).toBeGreaterThanOrEqual(2);
    expect(usage).toEqual(
      await rows(`SELECT toDate(occurred_at) AS day, ${RAW_MODEL} AS model, provider, key_id, ${RAW}, sum(toUInt64(latency_ms)) AS latency,
        sum(toUInt64(ttft_ms)) AS ttft, arrayMap(x -> round(x, 3), quantiles(0.5, 0.9, 0.95, 0.99)(latency_ms)) AS q
        FROM requests WHERE project_id = {p:String} GROUP BY day, model, provider, key_id ORDER BY day, model, provider, key_id`),
    );
    const [summary] = await rows(`SELECT ${SUMS}, sum(sdk_events) AS sdk_events, sum(sdk_errors) AS sdk_errors, sum(sdk_tokens_in) AS sdk_tokens_in,
      sum(sdk_tokens_out) AS sdk_tokens_out, toString(sum(sdk_cost_nanousd)) AS sdk_cost, min(first_seen) AS first, max(last_seen) AS last
      FROM project_summary WHERE project_id = {p:String}`);
    const [raw] = await rows(`SELECT ${RAW} FROM requests WHERE project_id = {p:String}`);
    const [sdk] = await rows(`SELECT count() AS sdk_events, countIf(${SDK_ERROR}) AS sdk_errors, sum(toUInt64(tokens_input)) AS sdk_tokens_in,
      sum(toUInt64(tokens_output)) AS sdk_tokens_out, toString(sum(cost_nanousd)) AS sdk_cost FROM events WHERE project_id = {p:String}`);
    const [seen] = await rows(`SELECT min(t) AS first, max(t) AS last FROM (SELECT occurred_at AS t FROM requests WHERE project_id = {p:String}
      UNION ALL SELECT occurred_at AS t FROM events WHERE project_id = {p:String})`);
    expect(summary).toEqual({ ...raw, ...sdk, ...seen });
  });

  it('stores the SDK events once, with the tokens and cost sent, and rolls them up exactly', async () => {
    const prompts = events.filter((e) => e.event_type === 'prompt_call') as { tokens_input: number; tokens_output: number; cost_estimate_usd: number }[];
    const steps = events.filter((e) => e.event_type === 'agent_step');
    const tokensIn = prompts.reduce((s, e) => s + e.tokens_input, 0) + steps.length;
    const tokensOut = prompts.reduce((s, e) => s + e.tokens_output, 0);
    const nano = prompts.reduce((s, e) => s + BigInt(Math.round(e.cost_estimate_usd * 1e9)), 0n) + BigInt(steps.length) * 2000n;
    const [ev] = await rows(`SELECT count() AS n, countIf(event_type = 'prompt_call') AS prompts, countIf(event_type = 'tool_call') AS tools,
      countIf(event_type = 'agent_step') AS steps, countIf(${SDK_ERROR}) AS errors, sum(toUInt64(tokens_input)) AS tokens_in,
      sum(toUInt64(tokens_output)) AS tokens_out, toString(sum(cost_nanousd)) AS cost FROM events WHERE project_id = {p:String}`);
    expect(ev).toEqual({ n: String(M), prompts: '50', tools: '50', steps: '50', errors: String(50 + 17), tokens_in: String(tokensIn), tokens_out: String(tokensOut), cost: String(nano) });
    const [views] = await rows(`SELECT (SELECT count() FROM tool_calls WHERE project_id = {p:String}) AS tools,
      (SELECT uniqExact(event_id) FROM tool_calls WHERE project_id = {p:String}) AS tool_ids,
      (SELECT count() FROM agent_steps WHERE project_id = {p:String}) AS steps,
      (SELECT uniqExact(event_id) FROM agent_steps WHERE project_id = {p:String}) AS step_ids`);
    expect(views).toEqual({ tools: '50', tool_ids: '50', steps: '50', step_ids: '50' });
    expect(await rows(`SELECT day, model, key_id, sum(requests) AS requests, sum(errors) AS errors, sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
      toString(sum(cost_nanousd)) AS cost, sum(latency_ms_sum) AS latency FROM daily_usage WHERE project_id = {p:String} AND source = 'sdk'
      GROUP BY day, model, key_id ORDER BY day, model, key_id`)).toEqual(
      await rows(`SELECT toDate(occurred_at) AS day, model, key_id, count() AS requests, countIf(${SDK_ERROR}) AS errors, sum(toUInt64(tokens_input)) AS tokens_in,
        sum(toUInt64(tokens_output)) AS tokens_out, toString(sum(cost_nanousd)) AS cost, sum(toUInt64(latency_ms)) AS latency
        FROM events WHERE project_id = {p:String} AND event_type = 'prompt_call' GROUP BY day, model, key_id ORDER BY day, model, key_id`),
    );
  });

  it('reports the same totals in GET /v1/projects/{id}/metrics', async () => {
    const [raw] = await rows(`SELECT ${RAW} FROM requests WHERE project_id = {p:String}`);
    const models = await rows(`SELECT ${RAW_MODEL} AS model, ${RAW} FROM requests WHERE project_id = {p:String} GROUP BY model ORDER BY requests DESC, model`);
    const { status, body } = await api(`/v1/projects/${gw.projectId}/metrics`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      total_requests: N,
      total_tokens: Number(raw.tokens_in) + Number(raw.tokens_out),
      total_cost_usd: usd(raw.cost),
      error_rate: Number(raw.errors) / N,
    });
    expect(body.top_models).toEqual(models.map((m) => ({ model: m.model, requests: Number(m.requests), tokens: Number(m.tokens_in) + Number(m.tokens_out), cost_usd: usd(m.cost) })));
  });

  const totals = (r: Record<string, string>) => ({
    requests: Number(r.requests),
    errors: Number(r.errors),
    error_rate: Number(r.errors) / Number(r.requests),
    tokens_in: Number(r.tokens_in),
    tokens_out: Number(r.tokens_out),
    cost_usd: usd(r.cost),
    cache_hits: Number(r.cache_hits),
  });

  it('answers the analytics summary and breakdowns with the direct aggregates', async () => {
    const [raw] = await rows(`SELECT ${RAW} FROM requests WHERE project_id = {p:String}`);
    // Saved cost estimate: per model, hits x the average cost of a successful miss (docs/API.md).
    const cache = await rows(`SELECT countIf(cache_status = 'hit') AS hits, countIf(cache_status = 'miss' AND status < 400) AS priced,
      toString(sumIf(cost_nanousd, cache_status = 'miss' AND status < 400)) AS cost FROM requests WHERE project_id = {p:String} GROUP BY ${RAW_MODEL}`);
    const saved = cache.reduce((s, m) => s + (m.priced === '0' ? 0n : (BigInt(m.hits) * BigInt(m.cost)) / BigInt(m.priced)), 0n);
    const summary = await api(`/api/v1/projects/${gw.projectId}/analytics/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ project_id: gw.projectId, ...totals(raw), cache_hit_rate: Number(raw.cache_hits) / N, saved_cost_usd_estimate: usd(saved) });
    expect(usd(saved)).toBeGreaterThan(0);

    for (const [by, expr] of [['model', RAW_MODEL], ['provider', 'provider'], ['status', 'toString(status)'], ['key', 'key_id']]) {
      const direct = await rows(`SELECT ${expr} AS value, ${RAW} FROM requests WHERE project_id = {p:String} GROUP BY value ORDER BY requests DESC, value`);
      const r = await api(`/api/v1/projects/${gw.projectId}/analytics/breakdown?by=${by}`);
      expect(r.status, by).toBe(200);
      expect(r.body.data, by).toEqual(direct.map((d) => ({ value: d.value, ...totals(d) })));
    }
  });

  it('answers daily, latency, errors and cache consistently with the raw rows', async () => {
    const [raw] = await rows(`SELECT ${RAW}, countIf(cache_status = 'miss') AS misses FROM requests WHERE project_id = {p:String}`);
    const daily = await api(`/api/v1/projects/${gw.projectId}/analytics/daily`);
    expect(daily.status).toBe(200);
    const sum = (k: string) => daily.body.data.reduce((s, d) => s + Number(d[k]), 0);
    expect({ requests: sum('requests'), errors: sum('errors'), tokens_in: sum('tokens_in'), tokens_out: sum('tokens_out'), cache_hits: sum('cache_hits') }).toEqual({
      requests: N,
      errors: Number(raw.errors),
      tokens_in: Number(raw.tokens_in),
      tokens_out: Number(raw.tokens_out),
      cache_hits: Number(raw.cache_hits),
    });
    const latency = await api(`/api/v1/projects/${gw.projectId}/analytics/latency`);
    expect(latency.status).toBe(200);
    expect(latency.body).toMatchObject({ requests: N, latency_ms: { p50: expect.any(Number) } });
    const errors = await api(`/api/v1/projects/${gw.projectId}/analytics/errors`);
    expect(errors.status).toBe(200);
    expect(errors.body).toMatchObject({ requests: N, errors: Number(raw.errors) });
    expect((errors.body.classes as { errors: number }[]).reduce((s, c) => s + c.errors, 0)).toBe(Number(raw.errors));
    const cache = await api(`/api/v1/projects/${gw.projectId}/analytics/cache`);
    expect(cache.status).toBe(200);
    expect(cache.body).toMatchObject({ requests: N, hits: Number(raw.cache_hits), misses: Number(raw.misses) });
  });
});
