// ingest over the in-process bus and embedded ClickHouse (chDB): every published event becomes exactly one row,
// the daily rollup is exact, and redelivery, poison messages and a ClickHouse outage lose or double nothing.
import { create, toBinary } from '@bufbuild/protobuf';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { type Bus, createMemoryBus } from '@tollgate/bus';
import { ensureStreams, subjects } from '@tollgate/events';
import { EnvelopeSchema } from '@tollgate/proto/events';
import { createLogger } from '@tollgate/telemetry';
import { sleep, waitFor } from '@tollgate/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createIngest, type Ingest } from './ingest.ts';
import { rollup, rowCount, scratchClickHouse, untilRows } from './testing/clickhouse.ts';
import { expectedRollup, type FixtureEvent, fixtureEvent } from './testing/events.ts';

const ch = scratchClickHouse();
const running: Array<{ stop(): Promise<void> }> = [];
const logs: Array<Record<string, unknown>> = [];
const logger = createLogger({ level: 'debug', write: (line) => void logs.push(JSON.parse(line)) });

afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});
afterAll(() => ch.dispose());

async function start(bus: Bus, clickhouse: ClickHouseClient, batchSize = 100): Promise<Ingest> {
  const ingest = await createIngest({ bus, clickhouse, logger, batchSize, flushMs: 20 });
  running.push(ingest);
  return ingest;
}

async function memoryBus(): Promise<Bus> {
  const bus = createMemoryBus();
  await ensureStreams(bus);
  running.push({ stop: () => bus.close() });
  return bus;
}

/** Publishes events; `publishId` lets a test publish the same event again past the bus's own dedup. */
async function publish(bus: Bus, events: FixtureEvent[], publishId = (e: FixtureEvent) => e.id): Promise<void> {
  for (const e of events) await bus.publish(e.subject, e.bytes, { id: publishId(e) });
}

const events = (from: number, to: number, now = Date.now()) => Array.from({ length: to - from }, (_, k) => fixtureEvent(from + k, now));

describe('ingest', () => {
  it('writes N published events as N rows and an exact daily rollup', async () => {
    const [bus, clickhouse] = [await memoryBus(), await ch.database()];
    const sent = events(0, 2_345);
    await start(bus, clickhouse);
    await publish(bus, sent);
    await untilRows(clickhouse, sent.length);
    expect(await rowCount(clickhouse)).toEqual({ rows: sent.length, distinct: sent.length });
    expect(await rollup(clickhouse)).toEqual(expectedRollup(sent));
  });

  it('counts each event once when it is delivered again in a different batch', async () => {
    const [bus, clickhouse] = [await memoryBus(), await ch.database()];
    const first = events(0, 1_000);
    await start(bus, clickhouse, 64);
    await publish(bus, first);
    await untilRows(clickhouse, first.length);
    // Redeliveries mixed with new events, in another order, so every batch holds old and new events.
    const fresh = events(1_000, 1_500);
    const mixed = [...first].reverse().flatMap((e, i) => (i % 2 ? [e] : [e, fresh[i / 2]].filter(Boolean)));
    await publish(bus, mixed, (e) => `${e.id}#again`);
    const all = [...first, ...fresh];
    await untilRows(clickhouse, all.length);
    await sleep(200); // let any (wrong) late batch land
    expect(await rowCount(clickhouse)).toEqual({ rows: all.length, distinct: all.length });
    expect(await rollup(clickhouse)).toEqual(expectedRollup(all));
  });

  it('terms a poison message with its reason and keeps consuming', async () => {
    const [bus, clickhouse] = [await memoryBus(), await ch.database()];
    await start(bus, clickhouse, 10);
    const before = events(0, 5);
    const after = events(5, 10);
    const wrongType = toBinary(EnvelopeSchema, create(EnvelopeSchema, { id: 'bad-type', type: 'tollgate.v1.Other', projectId: 'p' }));
    await publish(bus, before);
    await bus.publish(subjects.requestCompleted('p'), new Uint8Array([0xff, 0xff, 0xff]), { id: 'garbage' });
    await bus.publish(subjects.requestCompleted('p'), wrongType, { id: 'bad-type' });
    await publish(bus, after);
    await untilRows(clickhouse, 10);
    const termed = logs.filter((l) => l.msg === 'poison message termed');
    expect(termed.map((l) => l.id).sort()).toEqual(['bad-type', 'garbage']);
    expect(termed.every((l) => typeof l.reason === 'string' && l.reason.length > 0)).toBe(true);
    await sleep(300); // a redelivered poison message would be logged again
    expect(logs.filter((l) => l.msg === 'poison message termed')).toHaveLength(2);
    expect(await rowCount(clickhouse)).toEqual({ rows: 10, distinct: 10 });
  });

  it('loses nothing while ClickHouse is down: the batch is redelivered once it is back', async () => {
    const [bus, clickhouse] = [await memoryBus(), await ch.database()];
    // A real client with nothing listening behind it: every query fails as it does while ClickHouse is down.
    const unreachable = createClient({ url: 'http://127.0.0.1:1', request_timeout: 1_000, log: { level: ClickHouseLogLevel.OFF } });
    running.push({ stop: () => unreachable.close() });
    const outage = await start(bus, unreachable);
    const sent = events(0, 200);
    await publish(bus, sent);
    await waitFor(() => expect(logs.map((l) => l.msg)).toContain('batch insert failed; it will be redelivered'));
    expect(await outage.health()).toEqual({ clickhouse: 'down', consumer: 'up' });
    await outage.stop();
    expect(await rowCount(clickhouse)).toEqual({ rows: 0, distinct: 0 });

    const recovered = await start(bus, clickhouse);
    await untilRows(clickhouse, sent.length);
    expect(await rowCount(clickhouse)).toEqual({ rows: sent.length, distinct: sent.length });
    expect(await rollup(clickhouse)).toEqual(expectedRollup(sent));
    expect(await recovered.health()).toEqual({ clickhouse: 'up', consumer: 'up' });
  });
});
