// N requests and M SDK events with ingest restarted part-way (stop, then a new createIngest on the same chDB and
// bus): exactly N and M rows, and exact rollups, whatever was in hand at the restart.
import { createMemoryBus } from '@tollgate/bus';
import { ensureStreams } from '@tollgate/events';
import { createLogger, Registry } from '@tollgate/telemetry';
import { waitFor } from '@tollgate/testing';
import { afterAll, expect, it } from 'vitest';
import { createIngest } from './ingest.ts';
import { rollup, rowCount, scratchClickHouse } from './testing/clickhouse.ts';
import { expectedRollup, fixtureEvent } from './testing/events.ts';
import { expectedSummary, summary, tableCount, usage } from './testing/rollups.ts';
import { countByType, expectedSdkUsage, fixtureSdkEvent } from './testing/sdk-events.ts';

const ch = scratchClickHouse();
afterAll(() => ch.dispose());

it('stores exactly N requests and M SDK events across a restart, with exact rollups', async () => {
  const N = 3_000;
  const M = 2_000;
  const bus = createMemoryBus();
  await ensureStreams(bus);
  const clickhouse = await ch.database();
  const logger = createLogger({ level: 'error' });
  const metrics = new Registry();
  const start = () => createIngest({ bus, clickhouse, logger, batchSize: 250, flushMs: 10, metrics });
  const skipped = () => [...metrics.render().matchAll(/^tollgate_ingest_rows_skipped_total\{[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
  const now = Date.now();
  const requests = Array.from({ length: N }, (_, i) => fixtureEvent(i, now));
  const sdk = Array.from({ length: M }, (_, i) => fixtureSdkEvent(i, now));
  const stored = async () => (await rowCount(clickhouse)).rows + (await tableCount(clickhouse, 'events')).rows;

  const publish = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (i < N) await bus.publish(requests[i].subject, requests[i].bytes, { id: requests[i].id });
      if (i < M) await bus.publish(sdk[i].subject, sdk[i].bytes, { id: sdk[i].publishId });
    }
  };

  const first = await start();
  await publish(0, 1_500);
  await waitFor(async () => expect(await stored()).toBeGreaterThan(0), { timeoutMs: 15_000, intervalMs: 5 });
  await first.stop(); // mid-way: some batches stored, the one in hand finished and acked, the rest not fetched
  const atRestart = await stored();
  await publish(1_500, Math.max(N, M));
  // What a crash would redeliver: events already stored, again (past the bus's dedup).
  for (const e of requests.slice(0, 500)) await bus.publish(e.subject, e.bytes, { id: `${e.id}#again` });
  for (const e of sdk.slice(0, 500)) await bus.publish(e.subject, e.bytes, { id: `${e.publishId}#again` });

  const second = await start();
  await waitFor(async () => expect(await stored()).toBe(N + M), { timeoutMs: 30_000, intervalMs: 50 });
  await waitFor(() => expect(skipped()).toBeGreaterThanOrEqual(1_000), { timeoutMs: 30_000, intervalMs: 50 });
  await second.stop();
  await bus.close();

  expect(atRestart).toBeLessThanOrEqual(3_000);
  expect(await rowCount(clickhouse)).toEqual({ rows: N, distinct: N });
  expect(await tableCount(clickhouse, 'events')).toEqual({ rows: M, distinct: M });
  const counts = countByType(sdk);
  expect(await tableCount(clickhouse, 'tool_calls')).toEqual({ rows: counts.tool_calls, distinct: counts.tool_calls });
  expect(await tableCount(clickhouse, 'agent_steps')).toEqual({ rows: counts.agent_steps, distinct: counts.agent_steps });
  expect(await rollup(clickhouse)).toEqual(expectedRollup(requests));
  expect(await usage(clickhouse, 'gateway')).toEqual(expectedRollup(requests));
  expect(await usage(clickhouse, 'sdk')).toEqual(expectedSdkUsage(sdk));
  expect(await summary(clickhouse)).toEqual(expectedSummary(requests, sdk));
});
