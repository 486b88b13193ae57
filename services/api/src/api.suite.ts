// The api's behaviour through its HTTP handler (light-my-request inject, no port), run over each Postgres
// implementation with chDB for analytics. `openPostgres` returns a fresh, empty database; the suite migrates it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from './migrations.ts';
import { type ClickHouseClient, createClickHouse, migratePostgres, type PostgresHandle } from '@tollgate/db';
import { createLogger } from '@tollgate/telemetry';
import { type InjectOptions, inject } from 'light-my-request';
import { afterAll, beforeAll } from 'vitest';
import { type Api, createApi } from './api.ts';

export const ADMIN = 'tg_admin_key_for_tests_0123456789abcdefghij';
const MIGRATIONS = MIGRATIONS_DIR;

/** The daily_metrics DDL that services/ingest owns, reproduced so these tests can insert rows directly. */
const DAILY_METRICS = `CREATE TABLE IF NOT EXISTS daily_metrics (
  day Date, project_id String, model LowCardinality(String), provider LowCardinality(String),
  requests UInt64, errors UInt64, tokens_in UInt64, tokens_out UInt64, cost_nanousd Int64, cache_hits UInt64
) ENGINE = SummingMergeTree ORDER BY (project_id, day, model, provider)`;

export interface Fixture {
  pg: PostgresHandle;
  ch: ClickHouseClient;
  api: Api;
  /** Calls the handler; `auth` is the bearer token (admin by default, `null` for none). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
  call(method: InjectOptions['method'], url: string, opts?: { auth?: string | null; body?: unknown; raw?: string }): Promise<{ status: number; json: any; headers: Record<string, unknown>; text: string }>;
}

/** Sets up one fixture per test file: chDB in a temp dir (one per process), a database named `chDatabase`. */
export function useApiFixture(openPostgres: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>, chDatabase: string): Fixture {
  const f = {} as Fixture & { dataDir: string; drop?: () => Promise<void> };
  beforeAll(async () => {
    const pg = await openPostgres();
    f.pg = pg;
    f.drop = pg.drop;
    await migratePostgres(pg.db, MIGRATIONS);
    f.dataDir = await mkdtemp(join(tmpdir(), 'tg-api-chdb-'));
    f.ch = await createClickHouse({ dataDir: f.dataDir, database: chDatabase });
    await f.ch.command({ query: DAILY_METRICS });
    f.api = createApi({ db: pg.db, clickhouse: f.ch, adminKey: ADMIN, logger: createLogger({ level: 'error', write: () => {} }), maxBodyBytes: 4096 });
    f.call = async (method, url, opts = {}) => {
      const auth = opts.auth === undefined ? ADMIN : opts.auth;
      const headers: Record<string, string> = auth === null ? {} : { authorization: `Bearer ${auth}` };
      if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
      const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
      const res = await inject(f.api.handler, { method, url, headers, payload });
      let json: unknown;
      try {
        json = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, json, headers: res.headers, text: res.body };
    };
  });
  afterAll(async () => {
    await f.api?.stop();
    await f.ch?.close();
    await f.pg?.close();
    await f.drop?.();
    if (f.dataDir) await rm(f.dataDir, { recursive: true, force: true });
  });
  return f;
}
