import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Tollgate, type TollgateOptions } from './client.ts';
import { TollgateError } from './errors.ts';
import { promptCall } from './events.ts';
import { type FakeGateway, startFakeGateway } from './fake-gateway.ts';
import type { DeliveryFailure, TollgateEvent } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GIVEN_ID = '0190a3c4-0000-4000-8000-000000000001';
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

let gw: FakeGateway;
let failures: DeliveryFailure[];
let waits: number[];
const clients: Tollgate[] = [];

const make = (opts: Partial<TollgateOptions> = {}) => {
  const c = new Tollgate({
    apiKey: gw.key,
    baseUrl: `${gw.url}/v1`,
    flushIntervalMs: 0,
    flushOnExit: false,
    onError: (f) => failures.push(f),
    sleep: async (ms) => void waits.push(ms),
    ...opts,
  });
  clients.push(c);
  return c;
};
const batches = () => gw.requests.filter((r) => r.path === '/v1/events/batch').map((r) => (r.body as { events: TollgateEvent[] }).events);
const serverError = { status: 500, body: { error: { message: 'boom', type: 'api_error', code: 'internal_error', param: null } } };

beforeEach(async () => {
  gw = await startFakeGateway();
  failures = [];
  waits = [];
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await gw.stop();
});

describe('buffered logging', () => {
  it('fills event_id and timestamp, sends batches of maxBatch with the bearer key', async () => {
    const c = make({ maxBatch: 2 });
    const given = c.log({ event_type: 'custom', event_id: GIVEN_ID, timestamp: '2026-01-01T00:00:00.000Z', anything: 1 });
    for (let i = 0; i < 2; i++) c.log(promptCall({ model: 'gpt-4o-mini', prompt: `p${i}`, tokens_input: 3 }));
    await c.flush();
    expect(batches().map((b) => b.length)).toEqual([2, 1]);
    const sent = batches().flat();
    expect(sent[0]).toEqual({ ...given, event_id: GIVEN_ID, timestamp: '2026-01-01T00:00:00.000Z' });
    expect(sent[1].event_id).toMatch(UUID);
    expect(sent[1].timestamp).toMatch(ISO_MS);
    expect(sent[1]).toMatchObject({ event_type: 'prompt_call', model: 'gpt-4o-mini', prompt: 'p0' });
    expect(gw.requests[0].headers.authorization).toBe(`Bearer ${gw.key}`);
    expect(c.stats()).toEqual({ queued: 0, sent: 3, rejected: 0, failed: 0, dropped: 0 });
    expect(failures).toEqual([]);
  });

  it('flushes on its own when a batch is full', async () => {
    const c = make({ maxBatch: 3 });
    for (let i = 0; i < 3; i++) c.log({ event_type: 'custom' });
    await c.flush();
    expect(batches()).toHaveLength(1);
    expect(batches()[0]).toHaveLength(3);
  });

  it('reports the items a 207 rejected, with the reason and field, and does not resend them', async () => {
    const c = make();
    const good = c.log({ event_type: 'custom' });
    const bad = c.log({ event_type: 'prompt_call', tokens_input: -1 });
    await c.flush();
    await c.flush();
    expect(batches()).toHaveLength(1);
    expect(failures).toEqual([
      { kind: 'rejected', status: 207, message: '1 of 2 events rejected', items: [{ event: bad, reason: 'tokens_input must be >= 0', field: 'tokens_input' }] },
    ]);
    expect(c.stats()).toMatchObject({ sent: 1, rejected: 1 });
    expect(good.event_id).not.toBe(bad.event_id);
  });

  it('retries 429 after the Retry-After the gateway asked for, then delivers', async () => {
    const c = make();
    gw.script({ status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'slow down' } } });
    c.log({ event_type: 'custom' });
    await c.flush();
    expect(waits).toEqual([2000]);
    expect(batches()).toHaveLength(2);
    expect(batches()[0]).toEqual(batches()[1]);
    expect(c.stats().sent).toBe(1);
    expect(failures).toEqual([]);
  });

  it('gives up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const c = make({ maxRetryAfterMs: 1000 });
    gw.script({ status: 429, headers: { 'retry-after': '30' } });
    c.log({ event_type: 'custom' });
    await c.flush();
    expect(batches()).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'failed', status: 429 });
  });

  it('retries 5xx with jittered exponential backoff, at most maxRetries times, then reports failure', async () => {
    const c = make({ maxRetries: 3, retryBaseMs: 100, retryMaxMs: 250 });
    gw.script(serverError, serverError, serverError, serverError);
    c.log({ event_type: 'custom' });
    await c.flush();
    expect(batches()).toHaveLength(4);
    expect(waits).toHaveLength(3);
    waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThan(Math.min(250, 100 * 2 ** i));
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'failed', status: 500, message: 'boom' });
    expect(c.stats()).toMatchObject({ failed: 1, sent: 0 });
  });

  it('never retries a 400 or a 401', async () => {
    const c = make();
    gw.script({ status: 400, body: { error: { message: 'events must be an array', type: 'invalid_request_error', code: 'invalid_request', param: 'events' } } });
    c.log({ event_type: 'custom' });
    await c.flush();
    const d = make({ apiKey: 'tg_wrong' });
    d.log({ event_type: 'custom' });
    await d.flush();
    expect(batches()).toHaveLength(2);
    expect(waits).toEqual([]);
    expect(failures.map((f) => [f.kind, f.status, f.items[0].field])).toEqual([
      ['rejected', 400, 'events'],
      ['failed', 401, undefined],
    ]);
  });

  it('retries network errors and reports them after the last attempt', async () => {
    let calls = 0;
    const c = make({
      maxRetries: 2,
      fetch: async () => {
        calls++;
        throw new TypeError('fetch failed');
      },
    });
    c.log({ event_type: 'custom' });
    await c.flush();
    expect(calls).toBe(3);
    expect(failures[0]).toMatchObject({ kind: 'failed', status: undefined });
    expect(failures[0].message).toContain('fetch failed');
  });

  it('splits a batch the gateway found too large', async () => {
    const c = make();
    gw.script({ status: 413, body: { error: { message: 'too large' } } });
    for (let i = 0; i < 3; i++) c.log({ event_type: 'custom' });
    await c.flush();
    expect(batches().map((b) => b.length)).toEqual([3, 2, 1]);
    expect(c.stats().sent).toBe(3);
  });

  it('keeps at most maxQueue events, dropping the oldest and counting them', async () => {
    const c = make({ maxQueue: 3, maxBatch: 100 });
    const logged = Array.from({ length: 5 }, (_, i) => c.log({ event_type: 'custom', step: i }));
    expect(c.stats()).toMatchObject({ queued: 3, dropped: 2 });
    expect(failures.flatMap((f) => f.items.map((x) => x.event))).toEqual(logged.slice(0, 2));
    await c.flush();
    expect(batches()[0].map((e) => e.step)).toEqual([2, 3, 4]);
  });

  it('flushes on close and drops (and reports) events logged after it', async () => {
    const c = make();
    c.log({ event_type: 'custom' });
    await c.close();
    expect(batches()).toHaveLength(1);
    c.log({ event_type: 'late' });
    await c.flush();
    expect(batches()).toHaveLength(1);
    expect(failures).toMatchObject([{ kind: 'dropped', message: 'client is closed' }]);
  });

  it('survives an onError callback that throws', async () => {
    const c = make({
      maxQueue: 1,
      onError: () => {
        throw new Error('bad callback');
      },
    });
    c.log({ event_type: 'a' });
    c.log({ event_type: 'b' });
    await c.flush();
    expect(batches()[0].map((e) => e.event_type)).toEqual(['b']);
  });
});

describe('immediate calls', () => {
  it('logEvent posts to the project endpoint and throws the gateway error naming the field', async () => {
    const c = make({ projectId: 'p1' });
    const ev = await c.logEvent({ event_type: 'tool_call', tool_name: 'search' });
    expect(gw.requests[0]).toMatchObject({ method: 'POST', path: '/v1/projects/p1/events', body: ev });
    expect(ev.event_id).toMatch(UUID);
    const err = await c.logEvent({ event_type: 'prompt_call', tokens_input: -5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TollgateError);
    expect(err).toMatchObject({ status: 400, param: 'tokens_input', code: 'invalid_request' });
    expect(gw.requests).toHaveLength(2);
  });

  it('logEvent without a project id sends a batch of one and throws its rejection', async () => {
    const c = make();
    await c.logEvent({ event_type: 'custom' });
    expect(gw.requests[0].path).toBe('/v1/events/batch');
    await expect(c.logEvent({ event_type: '' })).rejects.toMatchObject({ status: 207, param: 'event_type', message: 'event_type is required' });
  });

  it('logBatch returns the per-item answer', async () => {
    const c = make();
    const r = await c.logBatch([{ event_type: 'custom' }, { event_type: 'x', tokens_input: -1 }]);
    expect(r).toMatchObject({ accepted: 1, rejected: [{ index: 1, reason: 'tokens_input must be >= 0', field: 'tokens_input' }] });
  });

  it('queries metrics and analytics with their parameters', async () => {
    const c = make({ projectId: 'p 1' });
    expect(await c.metrics({ from: '2026-01-01' })).toMatchObject({ total_requests: 3, top_models: [] });
    expect(await c.analytics('daily', { from: '2026-01-01', model: undefined, limit: 5 })).toEqual({ kind: 'daily', query: 'from=2026-01-01&limit=5' });
    expect(gw.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v1/projects/p%201/metrics?from=2026-01-01',
      'GET /api/v1/projects/p%201/analytics/daily?from=2026-01-01&limit=5',
    ]);
    await expect(make().metrics()).rejects.toThrow(/projectId is required/);
    await expect(make({ apiKey: 'tg_wrong', projectId: 'p' }).metrics()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('retries a query on 503', async () => {
    const c = make({ projectId: 'p' });
    gw.script({ status: 503, body: { error: { message: 'analytics are unavailable' } } });
    expect(await c.metrics()).toMatchObject({ total_requests: 3 });
    expect(waits).toHaveLength(1);
  });
});

it('flushes buffered events when a Node process is about to exit', async () => {
  const entry = path.join(import.meta.dirname, 'index.ts');
  const script = `import { Tollgate } from ${JSON.stringify(entry)};
    const t = new Tollgate({ apiKey: ${JSON.stringify(gw.key)}, baseUrl: ${JSON.stringify(gw.url)} });
    t.log({ event_type: 'custom', run_id: 'exit-test' });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((r) => child.on('exit', r));
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(batches().flat()).toMatchObject([{ event_type: 'custom', run_id: 'exit-test' }]);
});
