// One api over PGlite and chDB with the ingest migrations applied (rows go into `requests`, the view fills
// daily_metrics), an admin, a fixed clock and circuit records; `get` calls the handler without a port.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRICES } from '@tollgate/config';
import { type ClickHouseClient, createClickHouse, createPostgres, migrateClickHouse, migratePostgres, type PostgresHandle } from '@tollgate/db';
import type { CircuitRecord } from '@tollgate/events';
import { MIGRATIONS_DIR as INGEST_MIGRATIONS } from '@tollgate/ingest';
import { createLogger } from '@tollgate/telemetry';
import { inject } from 'light-my-request';
import { afterAll, beforeAll } from 'vitest';
import { type Api, createApi } from '../../api.ts';
import { MIGRATIONS_DIR } from '../../migrations.ts';
import type { RawRow } from './rows.ts';

export const ADMIN = 'tg_admin_key_for_analytics_tests_0123456789';

export interface AnalyticsFixture {
  ch: ClickHouseClient;
  api: Api;
  insert(rows: RawRow[]): Promise<void>;
  /** GET with a bearer token (admin by default, null for none). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
  get(url: string, auth?: string | null): Promise<{ status: number; json: any }>;
  post(url: string, body: unknown): Promise<{ status: number; json: Record<string, string> }>;
}

export function useAnalyticsFixture(now: Date, circuits: CircuitRecord[]): AnalyticsFixture {
  const f = {} as AnalyticsFixture & { pg: PostgresHandle; dir: string };
  beforeAll(async () => {
    f.pg = await createPostgres({});
    await migratePostgres(f.pg.db, MIGRATIONS_DIR);
    f.dir = await mkdtemp(join(tmpdir(), 'tg-analytics-'));
    f.ch = await createClickHouse({ dataDir: f.dir, database: 'analytics_test' });
    await migrateClickHouse(f.ch, INGEST_MIGRATIONS);
    const logger = createLogger({ level: 'error', write: () => {} });
    f.api = createApi({ db: f.pg.db, clickhouse: f.ch, adminKey: ADMIN, logger, now: () => now, prices: DEFAULT_PRICES, circuits: () => circuits });
    f.insert = async (rows) => {
      await f.ch.insert({ table: 'requests', values: rows, format: 'JSONEachRow' });
    };
    const call = async (method: 'GET' | 'POST', url: string, auth: string | null, body?: unknown) => {
      const headers: Record<string, string> = auth === null ? {} : { authorization: `Bearer ${auth}` };
      const res = await inject(f.api.handler, { method, url, headers, payload: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : undefined };
    };
    f.get = (url, auth = ADMIN) => call('GET', url, auth);
    f.post = (url, body) => call('POST', url, ADMIN, body);
  });
  afterAll(async () => {
    await f.api?.stop();
    await f.ch?.close();
    await f.pg?.close();
    if (f.dir) await rm(f.dir, { recursive: true, force: true });
  });
  return f;
}
