// store_bodies through ingest over the in-process bus and embedded ClickHouse (chDB): each event's mark (its
// project's choice) decides what is stored of gateway request bodies and SDK prompts: nothing, redacted or as
// sent; events marked unspecified follow the deployment default.
import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import type { ClickHouseClient } from '@clickhouse/client';
import { type Bus, createMemoryBus } from '@tollgate/bus';
import { encodeEvent, ensureStreams, subjects, uuidv7 } from '@tollgate/events';
import { RequestCompletedSchema, StoreBodies } from '@tollgate/proto/events';
import { SdkEventSchema } from '@tollgate/proto/sdk';
import { createLogger } from '@tollgate/telemetry';
import { waitFor } from '@tollgate/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { REDACTED } from './domain/redact.ts';
import { createIngest, type IngestDeps } from './ingest.ts';
import { rowCount, scratchClickHouse, untilRows } from './testing/clickhouse.ts';
import { tableCount } from './testing/rollups.ts';

const ch = scratchClickHouse();
const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});
afterAll(() => ch.dispose());

const enc = new TextEncoder();
const REQUEST = '{"model":"m","messages":[{"role":"user","content":"I am jane@example.com"}]}';
const RESPONSE = '{"choices":[{"message":{"content":"use key sk-abcdefghijklmnopqrstuv"}}]}';
const MARKS = { off: StoreBodies.OFF, redacted: StoreBodies.REDACTED, full: StoreBodies.FULL, unspecified: StoreBodies.UNSPECIFIED } as const;
type Mark = keyof typeof MARKS;

async function setup(opts: Partial<IngestDeps> = {}): Promise<{ bus: Bus; clickhouse: ClickHouseClient }> {
  const bus = createMemoryBus();
  await ensureStreams(bus);
  running.push({ stop: () => bus.close() });
  const clickhouse = await ch.database();
  running.push(await createIngest({ bus, clickhouse, logger: createLogger({ level: 'warn' }), batchSize: 50, flushMs: 20, ...opts }));
  return { bus, clickhouse };
}

/** A gateway request of project `proj-<mark>`, its bodies in `bodies` or (cacheable answers) in `cache_entry`. */
async function publishRequest(bus: Bus, mark: Mark, i: number, inCacheEntry: boolean): Promise<{ id: string; subject: string; bytes: Uint8Array }> {
  const t = Date.now() + i;
  const projectId = `proj-${mark}`;
  const travelling = { request: enc.encode(REQUEST), response: enc.encode(RESPONSE) };
  const ev = create(RequestCompletedSchema, {
    requestId: `req-${mark}-${i}`,
    projectId,
    keyId: 'k',
    endpoint: '/chat/completions',
    status: 200,
    startedAt: timestampFromMs(t),
    storeBodies: MARKS[mark],
    ...(inCacheEntry ? { cacheEntry: { ...travelling, contentType: 'application/json' } } : mark === 'redacted' || mark === 'full' ? { bodies: travelling } : {}),
  });
  const { id, bytes } = encodeEvent(RequestCompletedSchema, ev, { projectId, nowMs: t, id: uuidv7(t) });
  await bus.publish(subjects.requestCompleted(projectId), bytes, { id });
  return { id, subject: subjects.requestCompleted(projectId), bytes };
}

async function publishSdkEvent(bus: Bus, mark: Mark, i: number): Promise<void> {
  const t = Date.now() + i;
  const projectId = `proj-${mark}`;
  const id = uuidv7(t);
  const ev = create(SdkEventSchema, { eventId: id, projectId, eventType: 'prompt_call', model: 'm', timestamp: timestampFromMs(t), prompt: 'from jane@example.com', response: 'ok', storeBodies: MARKS[mark] });
  await bus.publish(subjects.sdkEvent(projectId), encodeEvent(SdkEventSchema, ev, { projectId, nowMs: t, id }).bytes, { id: `${projectId}:${id}` });
}

async function stored(client: ClickHouseClient) {
  const rs = await client.query({ query: 'SELECT request_id, project_id, mode, request, response, truncated FROM request_bodies ORDER BY request_id', format: 'JSONEachRow' });
  return rs.json<{ request_id: string; project_id: string; mode: string; request: string; response: string; truncated: boolean }>();
}

describe('request bodies by store_bodies', () => {
  it("stores each gateway request's bodies as its project chose, from bodies or the cache entry", async () => {
    const { bus, clickhouse } = await setup();
    const marks: Mark[] = ['off', 'redacted', 'full', 'unspecified'];
    let n = 0;
    for (const mark of marks) for (const inCacheEntry of [false, true]) await publishRequest(bus, mark, n++, inCacheEntry);
    await untilRows(clickhouse, n);
    await running.pop()?.stop(); // ingest: the batch in hand is written (bodies before requests)
    expect((await rowCount(clickhouse)).rows).toBe(n);
    const rows = await stored(clickhouse);
    expect(rows.map((r) => r.request_id)).toEqual(['req-full-4', 'req-full-5', 'req-redacted-2', 'req-redacted-3']);
    for (const r of rows.filter((x) => x.mode === 'full')) expect(r).toMatchObject({ project_id: 'proj-full', request: REQUEST, response: RESPONSE, truncated: false });
    for (const r of rows.filter((x) => x.mode === 'redacted')) {
      expect(r.request).toBe(REQUEST.replace('jane@example.com', REDACTED.email));
      expect(r.response).toBe(RESPONSE.replace('sk-abcdefghijklmnopqrstuv', REDACTED.key));
    }
  });

  it('applies the deployment default to requests and SDK events marked unspecified, and never to marked ones', async () => {
    const { bus, clickhouse } = await setup({ storeBodies: 'redacted' });
    await publishRequest(bus, 'unspecified', 0, true);
    await publishRequest(bus, 'off', 1, true);
    for (const [i, mark] of (['off', 'redacted', 'full', 'unspecified'] as const).entries()) await publishSdkEvent(bus, mark, i);
    await untilRows(clickhouse, 2);
    await waitFor(async () => expect((await tableCount(clickhouse, 'events')).rows).toBe(4), { timeoutMs: 15_000, intervalMs: 50 });
    await running.pop()?.stop();
    expect((await stored(clickhouse)).map((r) => [r.project_id, r.mode])).toEqual([['proj-unspecified', 'redacted']]);
    const rs = await clickhouse.query({ query: 'SELECT project_id, prompt, response FROM events ORDER BY project_id', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([
      { project_id: 'proj-full', prompt: 'from jane@example.com', response: 'ok' },
      { project_id: 'proj-off', prompt: '', response: '' },
      { project_id: 'proj-redacted', prompt: `from ${REDACTED.email}`, response: 'ok' },
      { project_id: 'proj-unspecified', prompt: `from ${REDACTED.email}`, response: 'ok' },
    ]);
  });

  it('writes each body once when a request is delivered again', async () => {
    const { bus, clickhouse } = await setup();
    const first = await publishRequest(bus, 'full', 0, false);
    await untilRows(clickhouse, 1);
    // The same message again past the bus's own dedup, as a redelivery would bring it, and a new one.
    await bus.publish(first.subject, first.bytes, { id: `${first.id}#again` });
    await publishRequest(bus, 'full', 1, false);
    await untilRows(clickhouse, 2);
    await running.pop()?.stop();
    expect(await tableCount(clickhouse, 'request_bodies')).toEqual({ rows: 2, distinct: 2 });
  });
});
