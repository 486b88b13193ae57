// SDK events through ingest over the in-process bus and embedded ClickHouse (chDB): every event is one row, the
// tool calls and agent steps among them land in their tables, the rollups are exact, duplicates are ignored and
// bodies are stored only when enabled, redacted.
import type { ClickHouseClient } from '@clickhouse/client';
import { type Bus, createMemoryBus } from '@tollgate/bus';
import { decodeEnvelope, decodePayload, ensureStreams } from '@tollgate/events';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { SdkEventSchema } from '@tollgate/proto/sdk';
import { createLogger } from '@tollgate/telemetry';
import { waitFor } from '@tollgate/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { encodeRow } from './domain/batch.ts';
import { toEventRow } from './domain/event-row.ts';
import { REDACTED } from './domain/redact.ts';
import { toRequestRow } from './domain/row.ts';
import { createIngest, type IngestDeps } from './ingest.ts';
import { scratchClickHouse } from './testing/clickhouse.ts';
import { expectedRollup, fixtureEvent } from './testing/events.ts';
import { expectedSummary, latencyP50, summary, tableCount, usage } from './testing/rollups.ts';
import { countByType, expectedSdkUsage, type FixtureSdkEvent, fixtureSdkEvent } from './testing/sdk-events.ts';
import { createEventWriter, insertSettings } from './writer.ts';

const ch = scratchClickHouse();
const running: Array<{ stop(): Promise<void> }> = [];
const logger = createLogger({ level: 'warn' });
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});
afterAll(() => ch.dispose());

async function setup(opts: Partial<IngestDeps> = {}): Promise<{ bus: Bus; clickhouse: ClickHouseClient }> {
  const bus = createMemoryBus();
  await ensureStreams(bus);
  running.push({ stop: () => bus.close() });
  const clickhouse = await ch.database();
  running.push(await createIngest({ bus, clickhouse, logger, batchSize: 200, flushMs: 20, ...opts }));
  return { bus, clickhouse };
}

const sdkEvents = (from: number, to: number, now = Date.now()) => Array.from({ length: to - from }, (_, k) => fixtureSdkEvent(from + k, now));
const publish = async (bus: Bus, events: FixtureSdkEvent[], suffix = '') => {
  for (const e of events) await bus.publish(e.subject, e.bytes, { id: e.publishId + suffix });
};
const rowOf = (e: FixtureSdkEvent) => {
  const env = decodeEnvelope(e.bytes);
  return toEventRow(env, decodePayload(SdkEventSchema, env), { defaultStoreBodies: 'off' });
};
const untilEvents = (client: ClickHouseClient, n: number) =>
  waitFor(async () => expect((await tableCount(client, 'events')).rows).toBeGreaterThanOrEqual(n), { timeoutMs: 15_000, intervalMs: 50 });

describe('ingest of SDK events', () => {
  it('writes N events as N rows, fills tool_calls and agent_steps, and rolls up exactly, redeliveries included', async () => {
    const { bus, clickhouse } = await setup();
    const now = Date.now();
    const first = sdkEvents(0, 1_200, now);
    await publish(bus, first);
    await untilEvents(clickhouse, first.length);
    // Every event again past the bus's own dedup, mixed with new ones, as SDK retries would send them.
    const more = sdkEvents(1_200, 1_500, now);
    await publish(bus, [...first.slice(0, 600), ...more], '#again');
    const all = [...first, ...more];
    await untilEvents(clickhouse, all.length);
    await running.pop()?.stop(); // ingest: finishes the batch in hand, so nothing is still being written below

    const counts = countByType(all);
    expect(await tableCount(clickhouse, 'events')).toEqual({ rows: counts.events, distinct: counts.events });
    expect(await tableCount(clickhouse, 'tool_calls')).toEqual({ rows: counts.tool_calls, distinct: counts.tool_calls });
    expect(await tableCount(clickhouse, 'agent_steps')).toEqual({ rows: counts.agent_steps, distinct: counts.agent_steps });
    expect(await usage(clickhouse, 'sdk')).toEqual(expectedSdkUsage(all));
    expect(await summary(clickhouse)).toEqual(expectedSummary([], all));
    expect(await latencyP50(clickhouse, 'sdk')).toBeGreaterThan(0);
  });

  it('stores bodies only when enabled, and then redacted; error messages and metadata always redacted', async () => {
    const read = async (client: ClickHouseClient) => {
      const rs = await client.query({ query: "SELECT prompt, response, error_message FROM events WHERE event_type IN ('prompt_call', 'error') ORDER BY occurred_at", format: 'JSONEachRow' });
      return rs.json<{ prompt: string; response: string; error_message: string }>();
    };
    const events = sdkEvents(0, 12);
    const off = await setup();
    await publish(off.bus, events);
    await untilEvents(off.clickhouse, events.length);
    const stored = await read(off.clickhouse);
    expect(stored.every((r) => r.prompt === '' && r.response === '')).toBe(true);
    expect(stored.filter((r) => r.error_message).every((r) => r.error_message === `failed for ${REDACTED.email}`)).toBe(true);

    const on = await setup({ storeBodies: 'redacted' });
    await publish(on.bus, events);
    await untilEvents(on.clickhouse, events.length);
    const kept = (await read(on.clickhouse)).filter((r) => r.prompt);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((r) => r.prompt.endsWith(`from ${REDACTED.email}`) && r.response.startsWith('answer'))).toBe(true);
  });

  it('counts a retried insert with the same token once in events, its views and the rollups', async () => {
    const clickhouse = await ch.database();
    const events = sdkEvents(0, 300);
    const rows = events.map(rowOf);
    const settings = insertSettings(rows.map((r) => `${r.project_id}/${r.event_id}`));
    for (let i = 0; i < 3; i++) await clickhouse.insert({ table: 'events', values: rows, format: 'JSONEachRow', clickhouse_settings: settings });
    expect(await createEventWriter(clickhouse).write(rows.map(encodeRow))).toEqual({ inserted: 0, skipped: rows.length });
    const counts = countByType(events);
    expect(await tableCount(clickhouse, 'events')).toEqual({ rows: counts.events, distinct: counts.events });
    expect(await tableCount(clickhouse, 'tool_calls')).toEqual({ rows: counts.tool_calls, distinct: counts.tool_calls });
    expect(await usage(clickhouse, 'sdk')).toEqual(expectedSdkUsage(events));
    // Gateway requests feed the same rollups through their own views, deduplicated the same way.
    const requests = Array.from({ length: 200 }, (_, i) => fixtureEvent(i, Date.now()));
    const requestRows = requests.map((e) => {
      const env = decodeEnvelope(e.bytes);
      return toRequestRow(env, decodePayload(RequestCompletedSchema, env));
    });
    const token = insertSettings(requestRows.map((r) => r.event_id));
    for (let i = 0; i < 3; i++) await clickhouse.insert({ table: 'requests', values: requestRows, format: 'JSONEachRow', clickhouse_settings: token });
    expect(await usage(clickhouse, 'gateway')).toEqual(expectedRollup(requests));
    expect(await summary(clickhouse)).toEqual(expectedSummary(requests, events));
  });

  it('keeps the same event_id of two projects apart', async () => {
    const clickhouse = await ch.database();
    const row = rowOf(sdkEvents(0, 1)[0]);
    const writer = createEventWriter(clickhouse);
    expect(await writer.write([row, { ...row, project_id: 'other' }].map(encodeRow))).toEqual({ inserted: 2, skipped: 0 });
    expect(await writer.write([encodeRow({ ...row, project_id: 'other' })])).toEqual({ inserted: 0, skipped: 1 });
  });
});
