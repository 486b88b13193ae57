// Raw-row retention applied at start-up on chDB: every raw table takes the configured TTL, rollups keep none,
// a start-up with the same setting alters nothing, and rows past the retention are gone while rollups keep them.
import { createMemoryBus } from '@tollgate/bus';
import { ensureStreams } from '@tollgate/events';
import { createLogger } from '@tollgate/telemetry';
import { afterAll, expect, it } from 'vitest';
import { RAW_TABLES } from './domain/retention.ts';
import { formatDateTime64 } from './domain/row.ts';
import { createIngest } from './ingest.ts';
import { applyRetention } from './retention.ts';
import { scratchClickHouse } from './testing/clickhouse.ts';

const ch = scratchClickHouse();
afterAll(() => ch.dispose());

it('sets the TTL of every raw table at start-up, only when it differs, and keeps rollups', async () => {
  const clickhouse = await ch.database();
  const bus = createMemoryBus();
  await ensureStreams(bus);
  const ingest = await createIngest({ bus, clickhouse, logger: createLogger({ level: 'error' }), rawRetentionDays: 7 });
  await ingest.stop();
  await bus.close();

  const rs = await clickhouse.query({ query: 'SELECT name, engine_full FROM system.tables WHERE database = currentDatabase()', format: 'JSONEachRow' });
  const engines = new Map((await rs.json<{ name: string; engine_full: string }>()).map((t) => [t.name, t.engine_full]));
  for (const t of RAW_TABLES) expect(engines.get(t)).toContain('TTL toDateTime(occurred_at) + toIntervalDay(7)');
  for (const t of ['daily_metrics', 'daily_usage', 'project_summary']) expect(engines.get(t)).not.toContain('TTL');
  expect(await applyRetention(clickhouse, 7)).toEqual([]);

  // Shortening the retention removes the rows now past it; the rollups fed when they arrived keep them.
  const fiveDaysAgo = formatDateTime64(Date.now() - 5 * 86_400_000);
  await clickhouse.insert({ table: 'requests', values: [{ event_id: 'old', project_id: 'p', occurred_at: fiveDaysAgo, model_requested: 'm', status: 200 }], format: 'JSONEachRow' });
  const left = async () => {
    const rs = await clickhouse.query({ query: "SELECT (SELECT count() FROM requests) AS raw, (SELECT sum(requests) FROM daily_usage WHERE project_id = 'p') AS rolled", format: 'JSONEachRow' });
    const [r] = await rs.json<{ raw: string; rolled: string }>();
    return { raw: Number(r.raw), rolled: Number(r.rolled) };
  };
  expect(await left()).toEqual({ raw: 1, rolled: 1 });
  expect(await applyRetention(clickhouse, 3)).toEqual([...RAW_TABLES].sort());
  await clickhouse.command({ query: 'OPTIMIZE TABLE requests FINAL' });
  expect(await left()).toEqual({ raw: 0, rolled: 1 });
});
