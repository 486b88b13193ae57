// Writes request rows to ClickHouse exactly once per event, given at-least-once delivery.
// Two guards: (1) event ids already stored are skipped, which covers a redelivered message that lands in a
// different batch; (2) the insert carries a deduplication token derived from its event ids, which covers the
// same insert retried after a timeout whose outcome was unknown. Hazard: rows older than the table's 30-day
// TTL are dropped by `requests` on insert, so guard (1) cannot see them; only guard (2) protects their rollup.
import type { ClickHouseClient } from '@clickhouse/client';
import { dedupToken, lookupBounds, uniqueByEventId, unstored } from './domain/batch.ts';
import type { RequestRow } from './domain/row.ts';

export interface WriteResult {
  inserted: number;
  /** Rows dropped because their event was already stored or appeared twice in the batch. */
  skipped: number;
}

export interface RequestWriter {
  /** Resolves once ClickHouse has accepted the rows; rejects (nothing to ack) when it did not. */
  write(rows: readonly RequestRow[]): Promise<WriteResult>;
}

export function createRequestWriter(client: ClickHouseClient, table = 'requests'): RequestWriter {
  async function storedIds(rows: RequestRow[]): Promise<Set<string>> {
    const b = lookupBounds(rows);
    const rs = await client.query({
      query: `SELECT event_id FROM ${table}
              WHERE project_id IN {projects:Array(String)}
                AND occurred_at BETWEEN {from:DateTime64(3, 'UTC')} AND {to:DateTime64(3, 'UTC')}
                AND event_id IN {ids:Array(String)}`,
      query_params: b,
      format: 'JSONEachRow',
    });
    const found = await rs.json<{ event_id: string }>();
    return new Set(found.map((r) => r.event_id));
  }

  return {
    async write(rows) {
      const unique = uniqueByEventId(rows);
      if (unique.length === 0) return { inserted: 0, skipped: rows.length };
      const fresh = unstored(unique, await storedIds(unique));
      if (fresh.length > 0) {
        await client.insert({
          table,
          values: fresh,
          format: 'JSONEachRow',
          clickhouse_settings: insertSettings(fresh.map((r) => r.event_id)),
        });
      }
      return { inserted: fresh.length, skipped: rows.length - fresh.length };
    },
  };
}

/** Settings of an idempotent insert of rows with these event ids. */
export function insertSettings(eventIds: readonly string[]) {
  return {
    insert_deduplication_token: dedupToken(eventIds),
    // Without this, a block that `requests` drops as a duplicate would still be summed by daily_metrics_mv.
    deduplicate_blocks_in_dependent_materialized_views: 1,
  } as const;
}
