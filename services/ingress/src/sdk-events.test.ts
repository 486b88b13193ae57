// The SDK event endpoints through the whole ingress handler, with the in-process bus: what SDKs get back, and
// the SdkEvent messages ingest will receive.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { createMemoryBus } from '@tollgate/bus';
import { hashApiKey } from '@tollgate/db';
import { decodeEnvelope, decodePayload, ensureStreams } from '@tollgate/events';
import { type SdkEvent, SdkEventSchema } from '@tollgate/proto/sdk';
import { createLogger, Registry } from '@tollgate/telemetry';
import { inject } from 'light-my-request';
import { describe, expect, it } from 'vitest';
import { createIngress, type HttpHandler } from './app.ts';

const KEY = 'tg_sdk_events_key_0123456789';
const NOW = Date.UTC(2026, 2, 4, 12, 0, 0, 0);
const id = (n: number) => `0195a3c4-1b2c-7d3e-8f40-${String(n).padStart(12, '0')}`;
const event = (n: number, over: Record<string, unknown> = {}) => ({
  event_id: id(n),
  event_type: 'prompt_call',
  timestamp: '2026-03-04T11:59:00.123Z',
  model: 'gpt-4o',
  tokens_input: 10,
  cost_estimate_usd: 0.5,
  ...over,
});

async function setup(opts: { failPublish?: boolean; maxEvents?: number; hold?: Promise<void> } = {}) {
  const bus = createMemoryBus({ maxMessagesPerStream: opts.maxEvents });
  await ensureStreams(bus);
  const api: HttpHandler = (_req, res) => void res.writeHead(299).end('api');
  const unused = () => Promise.reject(new Error('not used'));
  const ingress = createIngress({
    cache: { lookup: unused },
    router: { complete: unused as never },
    publisher: opts.failPublish ? { publish: () => Promise.reject(new Error('bus down')) } : bus,
    keys: async (hash) => (hash === hashApiKey(KEY) ? { keyId: 'k1', projectId: 'p1' } : undefined),
    api,
    health: async () => ({}),
    metrics: new Registry(),
    logger: createLogger({ level: 'error' }),
    maxBodyBytes: 256 * 1024,
    now: () => NOW,
  });
  const received: Array<{ subject: string; id: string; event: SdkEvent; envId: string; occurredMs: number }> = [];
  await bus.consume({ durable: 't', filter: 'tg.events.sdk.>', maxBatch: 100, maxWaitMs: 1 }, async (batch) => {
    await opts.hold;
    for (const d of batch) {
      const env = decodeEnvelope(d.data);
      const occurredMs = env.occurredAt ? timestampMs(env.occurredAt) : 0;
      received.push({ subject: d.subject, id: d.id, event: decodePayload(SdkEventSchema, env), envId: env.id, occurredMs });
    }
  });
  const post = (url: string, body: unknown, key = KEY) =>
    inject(ingress.handler, { method: 'POST', url, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const until = async (n: number) => {
    for (let i = 0; i < 200 && received.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  };
  return { bus, post, received, until, handler: ingress.handler };
}

describe('POST /v1/projects/{id}/events', () => {
  it('answers 202 and publishes one SdkEvent whose envelope id and time are the event id and timestamp', async () => {
    const t = await setup();
    const res = await t.post('/v1/projects/p1/events', event(1, { extra: true }));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: 0, event_id: id(1) });
    await t.until(1);
    expect(t.received).toHaveLength(1);
    const r = t.received[0];
    expect(r).toMatchObject({ subject: 'tg.events.sdk.p1', id: `p1:${id(1)}`, envId: id(1), occurredMs: Date.UTC(2026, 2, 4, 11, 59, 0, 123) });
    expect(r.event).toMatchObject({ projectId: 'p1', keyId: 'k1', eventType: 'prompt_call', model: 'gpt-4o', tokensInput: 10, costNanousd: 500_000_000n, metadataJson: '{"extra":true}' });
    await t.bus.close();
  });

  it('names the bad field in a 400, and refuses another project or a bad key', async () => {
    const t = await setup();
    const bad = await t.post('/v1/projects/p1/events', event(1, { tokens_output: -3 }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_request', param: 'tokens_output' });
    expect((await t.post('/v1/projects/p2/events', event(1))).statusCode).toBe(403);
    expect((await t.post('/v1/projects/p1/events', event(1, { project_id: 'p2' }))).json().error.param).toBe('project_id');
    expect((await t.post('/v1/projects/p1/events', event(1), 'tg_unknown')).statusCode).toBe(401);
    expect((await t.post('/v1/projects/p1/events', '{')).statusCode).toBe(400);
    expect(t.received).toHaveLength(0);
    await t.bus.close();
  });

  it('is matched before the /v1/projects/* forward to the api service, which keeps every other path', async () => {
    const t = await setup();
    expect((await t.post('/v1/projects/p1/metrics', {})).statusCode).toBe(299);
    expect((await t.post('/v1/projects/p1/events/x', {})).statusCode).toBe(299);
    await t.bus.close();
  });
});

describe('POST /v1/events/batch', () => {
  it('accepts a valid batch with 202 and publishes each event once', async () => {
    const t = await setup();
    const res = await t.post('/v1/events/batch', { events: [event(1), event(2, { event_type: 'tool_call', tool_name: 'search' }), event(1)] });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 1, rejected: 0 });
    // The same batch again (an SDK retry): answered the same, dropped by the bus's dedup.
    expect((await t.post('/v1/events/batch', { events: [event(1), event(2, { event_type: 'tool_call', tool_name: 'search' })] })).statusCode).toBe(202);
    await t.until(2);
    expect(t.received.map((r) => r.envId).sort()).toEqual([id(1), id(2)]);
    await t.bus.close();
  });

  it('answers 207 naming each rejected item while the valid ones are accepted', async () => {
    const t = await setup();
    const res = await t.post('/v1/events/batch', { project_id: 'p1', events: [event(1), event(2, { timestamp: 'yesterday' }), event(3, { project_id: 'p1' })] });
    expect(res.statusCode).toBe(207);
    expect(res.json()).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: 1,
      errors: [{ index: 1, event_id: id(2), param: 'events[1].timestamp', message: expect.any(String) }],
    });
    await t.until(2);
    expect(t.received.map((r) => r.envId).sort()).toEqual([id(1), id(3)]);
    await t.bus.close();
  });

  it('refuses a batch for another project with 403, and too many events with 413', async () => {
    const t = await setup();
    expect((await t.post('/v1/events/batch', { project_id: 'p2', events: [event(1)] })).statusCode).toBe(403);
    const other = await t.post('/v1/events/batch', { events: [event(1), event(2, { project_id: 'p2' })] });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.param).toBe('events[1].project_id');
    const many = await t.post('/v1/events/batch', { events: Array.from({ length: 1001 }, (_, i) => event(i)) });
    expect(many.statusCode).toBe(413);
    expect(t.received).toHaveLength(0);
    await t.bus.close();
  });

  it('answers 503 when the bus does not take the events, so that the SDK retries', async () => {
    const t = await setup({ failPublish: true });
    const res = await t.post('/v1/events/batch', { events: [event(1)] });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.message).toMatch(/retry/);
    await t.bus.close();
  });

  it('answers 503 with retry-after while the in-process stream is nearly full, and accepts again once it drained', async () => {
    let release!: () => void;
    const t = await setup({ maxEvents: 10, hold: new Promise<void>((r) => (release = r)) });
    const res = await t.post('/v1/events/batch', { events: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => event(n)) });
    expect(res.statusCode).toBe(202);
    const refused = await t.post('/v1/events/batch', { events: [event(9)] });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    release();
    await t.until(8); // the accepted eight all arrive: none was pushed out
    expect(t.received).toHaveLength(8);
    expect((await t.post('/v1/events/batch', { events: [event(9)] })).statusCode).toBe(202);
    await t.bus.close();
  });

  it('answers 405 to other methods', async () => {
    const t = await setup();
    const res = await inject(t.handler, { method: 'GET', url: '/v1/events/batch', headers: { authorization: `Bearer ${KEY}` } });
    expect(res.statusCode).toBe(405);
    await t.bus.close();
  });
});
