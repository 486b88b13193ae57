// Postgres as one Kysely<Database>: kysely + pg Pool against a server, or PGlite (embedded Postgres in WASM)
// through kysely-pglite-dialect. Callers see the same dialect and the same SQL.

import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema.ts';

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database`; without it, PGlite is used. */
  url?: string;
  /** PGlite's files live in `<dataDir>/pglite`; in memory when absent. Ignored with `url`. */
  dataDir?: string;
}

export interface PostgresHandle {
  db: Kysely<Database>;
  /** Ends the pool (or closes PGlite). Call once, after in-flight queries finish. */
  close(): Promise<void>;
}

export async function createPostgres(opts: PostgresOptions): Promise<PostgresHandle> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    // An idle client that loses its connection emits 'error' on the pool; unhandled, it would crash the process.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, close: () => db.destroy() };
  }
  // The metadata (projects, keys, routes) is small: Postgres' default 128 MB of shared buffers cost about 90 MB of
  // resident memory in the gateway process for nothing.
  const liteOpts = { postgresqlconf: ['shared_buffers=16MB'] };
  const lite = opts.dataDir ? new PGlite(join(opts.dataDir, 'pglite'), liteOpts) : new PGlite(liteOpts);
  await lite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(lite) });
  return {
    db,
    close: async () => {
      await db.destroy();
      if (!lite.closed) await lite.close();
    },
  };
}
