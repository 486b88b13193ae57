// Poison messages of both consumers go to their dead-letter subject with the reason, are termed, and the stream
// behind them keeps flowing; over the in-process bus and chDB.
import { create, toBinary } from '@bufbuild/protobuf';
import { createMemoryBus, type Delivery } from '@tollgate/bus';
import { DEAD_LETTER_HEADERS, durables, ensureStreams, subjects } from '@tollgate/events';
import { EnvelopeSchema } from '@tollgate/proto/events';
import { createLogger } from '@tollgate/telemetry';
import { waitFor } from '@tollgate/testing';
import { afterAll, expect, it } from 'vitest';
import { createIngest } from './ingest.ts';
import { scratchClickHouse, untilRows } from './testing/clickhouse.ts';
import { fixtureEvent } from './testing/events.ts';
import { tableCount } from './testing/rollups.ts';
import { fixtureSdkEvent } from './testing/sdk-events.ts';

const ch = scratchClickHouse();
afterAll(() => ch.dispose());

it('dead-letters undecodable requests and SDK events with their reason and keeps consuming', async () => {
  const bus = createMemoryBus();
  await ensureStreams(bus);
  const clickhouse = await ch.database();
  const ingest = await createIngest({ bus, clickhouse, logger: createLogger({ level: 'error' }), batchSize: 10, flushMs: 10 });
  const dead: Delivery[] = [];
  const dlq = await bus.consume({ durable: 'test-dlq', filter: subjects.deadLetterAll, maxBatch: 10, maxWaitMs: 1 }, async (b) => void dead.push(...b));

  const now = Date.now();
  const requests = Array.from({ length: 6 }, (_, i) => fixtureEvent(i, now));
  const sdk = Array.from({ length: 6 }, (_, i) => fixtureSdkEvent(i, now));
  const wrongType = toBinary(EnvelopeSchema, create(EnvelopeSchema, { id: 'bad-type', type: 'tollgate.v1.Other', projectId: 'p' }));
  for (const e of requests.slice(0, 3)) await bus.publish(e.subject, e.bytes, { id: e.id });
  for (const e of sdk.slice(0, 3)) await bus.publish(e.subject, e.bytes, { id: e.publishId });
  await bus.publish(subjects.requestCompleted('p'), new Uint8Array([0xff, 0xff, 0xff]), { id: 'garbage' });
  await bus.publish(subjects.sdkEvent('p'), wrongType, { id: 'bad-type' });
  for (const e of requests.slice(3)) await bus.publish(e.subject, e.bytes, { id: e.id });
  for (const e of sdk.slice(3)) await bus.publish(e.subject, e.bytes, { id: e.publishId });

  await untilRows(clickhouse, requests.length);
  await waitFor(async () => expect((await tableCount(clickhouse, 'events')).rows).toBe(sdk.length));
  await waitFor(() => expect(dead).toHaveLength(2));
  await ingest.stop();
  await dlq.stop();

  const bySubject = new Map(dead.map((d) => [d.subject, d]));
  const req = bySubject.get(subjects.deadLetter(durables.ingestRequests));
  const ev = bySubject.get(subjects.deadLetter(durables.ingestSdkEvents));
  expect(req?.headers).toMatchObject({ [DEAD_LETTER_HEADERS.subject]: subjects.requestCompleted('p'), [DEAD_LETTER_HEADERS.durable]: durables.ingestRequests });
  expect(req?.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/\S/);
  expect([...(req?.data ?? [])]).toEqual([0xff, 0xff, 0xff]);
  expect(ev?.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/expected tollgate\.v1\.SdkEvent, got tollgate\.v1\.Other/);
  expect(ev?.headers[DEAD_LETTER_HEADERS.deliveries]).toBe('1');
  expect(await tableCount(clickhouse, 'requests')).toEqual({ rows: requests.length, distinct: requests.length });
  await bus.close();
});
