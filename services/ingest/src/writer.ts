// Writes rows to ClickHouse exactly once per event, given at-least-once delivery.
// Two guards: (1) events already stored are skipped, which covers a redelivered message that lands in a
// different batch; (2) the insert carries a deduplication token derived from its keys, which covers the same
// insert retried after a timeout whose outcome was unknown. Hazard: rows older than a table's TTL may be dropped
// on insert, so guard (1) cannot see them; only guard (2) protects their rollups.
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClickHouseClient } from '@clickhouse/client';
import { byEventId, byProjectEvent, dedupToken, type EncodedRow, inlineStringList, lookupBounds, uniqueByEventId, unstored } from './domain/batch.ts';

export interface WriteResult {
  inserted: number;
  /** Rows dropped because their event was already stored or appeared twice in the batch. */
  skipped: number;
}

export interface RowWriter<R> {
  /** Resolves once ClickHouse has accepted the rows; rejects (nothing to ack) when it did not. */
  write(rows: readonly R[]): Promise<WriteResult>;
}

export function createRequestWriter(client: ClickHouseClient, table = 'requests'): RowWriter<EncodedRow> {
  return createRowWriter(client, table, byEventId);
}

/** A gateway request's row, and its bodies' row when its project stores them. */
export interface GatewayRows {
  request: EncodedRow;
  body?: EncodedRow;
}

/**
 * Writes the bodies, then the requests: a failure in between leaves the batch to be redelivered, and each table
 * skips the rows it already holds, so both end up with each event once.
 */
export function createGatewayWriter(client: ClickHouseClient): RowWriter<GatewayRows> {
  const requests = createRequestWriter(client);
  const bodies = createRowWriter(client, 'request_bodies', byEventId);
  return {
    async write(rows) {
      const withBodies = rows.flatMap((r) => (r.body ? [r.body] : []));
      if (withBodies.length > 0) await bodies.write(withBodies);
      return requests.write(rows.map((r) => r.request));
    },
  };
}

export function createEventWriter(client: ClickHouseClient, table = 'events'): RowWriter<EncodedRow> {
  return createRowWriter(client, table, byProjectEvent);
}

function createRowWriter(client: ClickHouseClient, table: string, keyOf: (r: { event_id: string; project_id: string }) => string): RowWriter<EncodedRow> {
  async function storedKeys(rows: EncodedRow[]): Promise<Set<string>> {
    const { ids, ...bounds } = lookupBounds(rows);
    const inline = inlineStringList(ids);
    const rs = await client.query({
      query: `SELECT event_id, project_id FROM ${table}
              WHERE project_id IN {projects:Array(String)}
                AND occurred_at BETWEEN {from:DateTime64(3, 'UTC')} AND {to:DateTime64(3, 'UTC')}
                AND event_id IN ${inline === undefined ? '{ids:Array(String)}' : `(${inline})`}`,
      query_params: inline === undefined ? { ids, ...bounds } : bounds,
      format: 'JSONEachRow',
    });
    const found = await rs.json<{ event_id: string; project_id: string }>();
    return new Set(found.map(keyOf));
  }

  return {
    async write(rows) {
      const unique = uniqueByEventId(rows, keyOf);
      if (unique.length === 0) return { inserted: 0, skipped: rows.length };
      const fresh = unstored(unique, await storedKeys(unique), keyOf);
      if (fresh.length > 0) {
        // The rows are JSON already: exec sends them as the body, where insert() would encode each value again.
        const body = Readable.from([fresh.map((r) => r.json).join('\n')]);
        const res = await client.exec({ query: `INSERT INTO ${table} FORMAT JSONEachRow`, values: body, clickhouse_settings: insertSettings(fresh.map(keyOf)) });
        res.stream.resume(); // an insert answers with an empty body; read to its end so the connection is reused
        await finished(res.stream);
      }
      return { inserted: fresh.length, skipped: rows.length - fresh.length };
    },
  };
}

/** Settings of an idempotent insert of rows with these keys. */
export function insertSettings(keys: readonly string[]) {
  return {
    insert_deduplication_token: dedupToken(keys),
    // Without this, a block that the table drops as a duplicate would still be summed by its materialized views.
    deduplicate_blocks_in_dependent_materialized_views: 1,
  } as const;
}
