// ingest end to end over NATS JetStream and embedded ClickHouse: a stream of its own (random name and subjects,
// since JetStream forbids streams with overlapping subjects on the shared server), deleted afterwards.
import { jetstreamManager } from '@nats-io/jetstream';
import { connectJetStream, type JetStreamBus } from '@tollgate/bus';
import { createLogger } from '@tollgate/telemetry';
import { testUrls, uniqueName } from '@tollgate/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIngest } from './ingest.ts';
import { rollup, rowCount, scratchClickHouse, untilRows } from './testing/clickhouse.ts';
import { expectedRollup, type FixtureEvent, fixtureEvent } from './testing/events.ts';

const ch = scratchClickHouse();
const stream = uniqueName('ingest_test_');
const prefix = uniqueName('t');
const logger = createLogger({ level: 'warn' });
let bus: JetStreamBus;

beforeAll(async () => {
  bus = await connectJetStream(testUrls().natsUrl);
  await bus.ensureStream(stream, [`${prefix}.request.>`, `${prefix}.sdk.>`, `${prefix}.deadletter.>`]);
});
afterAll(async () => {
  await (await jetstreamManager(bus.connection)).streams.delete(stream).catch(() => false);
  await bus.close();
  await ch.dispose();
});

const subject = (e: FixtureEvent) => `${prefix}.request.${e.projectId}`;
const start = (clickhouse: Parameters<typeof createIngest>[0]['clickhouse']) =>
  createIngest({
    bus,
    clickhouse,
    logger,
    batchSize: 500,
    flushMs: 50,
    filter: `${prefix}.request.>`,
    sdkFilter: `${prefix}.sdk.>`,
    deadLetterSubject: (durable) => `${prefix}.deadletter.${durable}`,
  });

it('stores every published event once, across a restart and a republish, with an exact rollup', async () => {
  const clickhouse = await ch.database();
  const now = Date.now();
  const sent = Array.from({ length: 3_000 }, (_, i) => fixtureEvent(i, now));
  const ingest = await start(clickhouse);
  await Promise.all(sent.map((e) => bus.publish(subject(e), e.bytes, { id: e.id })));
  await untilRows(clickhouse, sent.length);
  expect(await ingest.health()).toEqual({ clickhouse: 'up', consumer: 'up' });
  await ingest.stop();

  // The same events again past JetStream's own dedup (new message ids), as a producer retry would send them,
  // mixed with new ones; a second instance on the same durable picks up where the first stopped.
  const more = Array.from({ length: 500 }, (_, i) => fixtureEvent(3_000 + i, now));
  const again = [...sent.slice(0, 1_000), ...more];
  await Promise.all(again.map((e, i) => bus.publish(subject(e), e.bytes, { id: `${e.id}:${i}` })));
  const second = await start(clickhouse);
  const all = [...sent, ...more];
  await untilRows(clickhouse, all.length);
  await second.stop(); // finishes the batch in hand, so nothing is still being written below
  expect(await rowCount(clickhouse)).toEqual({ rows: all.length, distinct: all.length });
  expect(await rollup(clickhouse)).toEqual(expectedRollup(all));
});
