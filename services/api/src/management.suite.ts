// A fixture for the management routes: the api over a fresh Postgres (PGlite or a server), an in-process bus
// that records config changes through watchConfigChanges, a clock the test moves, and an encryption key.
// Management routes never touch ClickHouse, so none is opened (a call would fail loudly).

import { type Bus, createMemoryBus } from '@tollgate/bus';
import { type ClickHouseClient, migratePostgres, type PostgresHandle } from '@tollgate/db';
import { ensureStreams } from '@tollgate/events';
import { createLogger } from '@tollgate/telemetry';
import { type InjectOptions, inject } from 'light-my-request';
import { afterAll, beforeAll } from 'vitest';
import { type Api, createApi } from './api.ts';
import { type ConfigChange, watchConfigChanges } from '@tollgate/events';
import { MIGRATIONS_DIR } from './migrations.ts';

export const ADMIN = 'tg_admin_key_for_tests_0123456789abcdefghij';
export const ENCRYPTION_KEY = Buffer.alloc(32, 42);
export const MISSING = '00000000-0000-4000-8000-000000000000';

const noClickHouse = new Proxy({} as ClickHouseClient, {
  get: () => () => {
    throw new Error('management tests do not use ClickHouse');
  },
});

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
export type Res = { status: number; json: any; text: string };
type Call = (method: InjectOptions['method'], url: string, opts?: { auth?: string | null; body?: unknown; raw?: string }) => Promise<Res>;

export interface ManagementFixture {
  pg: PostgresHandle;
  /** Moves the api's clock. */
  clock: { now: Date };
  call: Call;
  /** The same service without TOLLGATE_ENCRYPTION_KEY. */
  callWithoutKey: Call;
  changes: ConfigChange[];
  /** Resolves with the first change recorded (already, or later) that matches. Bounded by the test's timeout. */
  nextChange(match: (c: ConfigChange) => boolean): Promise<ConfigChange>;
}

export function useManagementFixture(openPostgres: () => Promise<PostgresHandle & { drop?: () => Promise<void> }>): ManagementFixture {
  const f = { clock: { now: new Date('2030-01-01T00:00:00Z') }, changes: [] as ConfigChange[] } as ManagementFixture;
  let drop: (() => Promise<void>) | undefined;
  let bus: Bus;
  const apis: Api[] = [];
  const waiters: { match: (c: ConfigChange) => boolean; resolve: (c: ConfigChange) => void }[] = [];

  beforeAll(async () => {
    const pg = await openPostgres();
    f.pg = pg;
    drop = pg.drop;
    await migratePostgres(pg.db, MIGRATIONS_DIR);
    bus = createMemoryBus();
    await ensureStreams(bus);
    const onChange = (c: ConfigChange) => {
      f.changes.push(c);
      for (let i = waiters.length - 1; i >= 0; i--) if (waiters[i].match(c)) waiters.splice(i, 1)[0].resolve(c);
    };
    await watchConfigChanges(bus, onChange, { durable: 'test-config' });
    const base = { db: pg.db, clickhouse: noClickHouse, adminKey: ADMIN, logger: createLogger({ level: 'error', write: () => {} }), maxBodyBytes: 8192, now: () => f.clock.now, publisher: bus };
    const withKey = createApi({ ...base, encryptionKey: ENCRYPTION_KEY });
    const withoutKey = createApi(base);
    apis.push(withKey, withoutKey);
    f.call = caller(withKey);
    f.callWithoutKey = caller(withoutKey);
  });
  f.nextChange = (match) =>
    new Promise((resolve) => {
      const seen = f.changes.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  afterAll(async () => {
    for (const a of apis) await a.stop();
    await bus?.close();
    await f.pg?.close();
    await drop?.();
  });
  return f;
}

function caller(api: Api): Call {
  return async (method, url, opts = {}) => {
    const auth = opts.auth === undefined ? ADMIN : opts.auth;
    const headers: Record<string, string> = auth === null ? {} : { authorization: `Bearer ${auth}` };
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
    const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const res = await inject(api.handler, { method, url, headers, payload });
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.statusCode, json, text: res.body };
  };
}
