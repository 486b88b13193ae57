// A fresh, migrated ClickHouse database per test inside the test file's one chDB data directory (libchdb binds
// one directory per process), and the queries tests use to read what ingest wrote.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseClient, createClickHouse, migrateClickHouse } from '@tollgate/db';
import { waitFor } from '@tollgate/testing';
import { expect } from 'vitest';
import { MIGRATIONS_DIR } from '../migrations.ts';
import type { RollupTotals } from './events.ts';

export interface ScratchClickHouse {
  /** A client whose default database is new, empty and migrated. */
  database(): Promise<ClickHouseClient>;
  /** Closes every client handed out and deletes the data directory. */
  dispose(): Promise<void>;
}

export function scratchClickHouse(): ScratchClickHouse {
  const dir = mkdtempSync(join(tmpdir(), 'tg-ingest-test-'));
  const clients: ClickHouseClient[] = [];
  return {
    async database() {
      const client = await createClickHouse({ dataDir: dir, database: `ingest_${randomBytes(5).toString('hex')}` });
      clients.push(client);
      await migrateClickHouse(client, MIGRATIONS_DIR);
      return client;
    },
    async dispose() {
      for (const c of clients) await c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function rowCount(client: ClickHouseClient): Promise<{ rows: number; distinct: number }> {
  const rs = await client.query({ query: 'SELECT count() AS rows, uniqExact(event_id) AS distinct FROM requests', format: 'JSONEachRow' });
  const [r] = await rs.json<{ rows: string; distinct: string }>();
  return { rows: Number(r.rows), distinct: Number(r.distinct) };
}

/** daily_metrics summed per project and model, as the api service reads it (parts may not be merged yet). */
export async function rollup(client: ClickHouseClient): Promise<Map<string, RollupTotals>> {
  const rs = await client.query({
    query: `SELECT project_id, model, sum(requests) AS requests, sum(errors) AS errors, sum(tokens_in) AS tokens_in,
              sum(tokens_out) AS tokens_out, toString(sum(cost_nanousd)) AS cost, sum(cache_hits) AS cache_hits
            FROM daily_metrics GROUP BY project_id, model`,
    format: 'JSONEachRow',
  });
  const rows = await rs.json<Record<string, string>>();
  return new Map(
    rows.map((r) => [
      `${r.project_id}|${r.model}`,
      {
        requests: Number(r.requests),
        errors: Number(r.errors),
        tokens_in: Number(r.tokens_in),
        tokens_out: Number(r.tokens_out),
        cost_nanousd: BigInt(r.cost),
        cache_hits: Number(r.cache_hits),
      },
    ]),
  );
}

/** Waits (bounded) until `requests` holds at least n rows. */
export async function untilRows(client: ClickHouseClient, n: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => expect((await rowCount(client)).rows).toBeGreaterThanOrEqual(n), { timeoutMs, intervalMs: 50 });
}
