// Applies raw-row retention at start-up: ALTER TABLE ... MODIFY TTL on each raw table whose TTL differs from
// the configured one. Independent of the migrations, so changing TOLLGATE_RAW_RETENTION_DAYS needs no new file.
// Hazard: shortening the retention deletes the older rows at once (the TTL is materialized); rollups keep them.
import type { ClickHouseClient } from '@clickhouse/client';
import { currentTtlDays, RAW_TABLES, ttlExpression } from './domain/retention.ts';

/** The tables altered (none when every TTL already matched). */
export async function applyRetention(client: ClickHouseClient, days: number): Promise<string[]> {
  const ttl = ttlExpression(days);
  const rs = await client.query({
    query: 'SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN {names:Array(String)}',
    query_params: { names: [...RAW_TABLES] },
    format: 'JSONEachRow',
  });
  const tables = await rs.json<{ name: string; engine_full: string }>();
  const altered: string[] = [];
  for (const t of tables) {
    if (currentTtlDays(t.engine_full) === days) continue;
    await client.command({ query: `ALTER TABLE ${t.name} MODIFY TTL ${ttl}` });
    altered.push(t.name);
  }
  return altered.sort();
}
