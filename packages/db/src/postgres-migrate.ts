// Forward-only Postgres migrations, recorded in `tg_migrations`. Concurrent replicas serialise on a session
// advisory lock, so exactly one applies each file and the others then find nothing pending. Each file runs in
// its own transaction together with its record: it is applied completely or not at all.

import { type Kysely, sql } from 'kysely';
import { type AppliedMigration, planMigrations, splitStatements } from './domain/migrations.ts';
import { readMigrationFiles } from './migration-files.ts';
import type { Database } from './schema.ts';

/** Arbitrary constant that names Tollgate's migration lock among the database's advisory locks. */
const LOCK_KEY = 7_346_071_523;

const CREATE_TABLE = sql`CREATE TABLE IF NOT EXISTS tg_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  sha256 text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export async function migratePostgres(db: Kysely<Database>, dir: string): Promise<{ applied: string[] }> {
  const files = await readMigrationFiles(dir);
  // One pinned connection: a session advisory lock belongs to the connection that took it.
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      await CREATE_TABLE.execute(conn);
      const done: AppliedMigration[] = await conn.selectFrom('tg_migrations').select(['version', 'name', 'sha256']).execute();
      const applied: string[] = [];
      for (const f of planMigrations(files, done)) {
        await conn.transaction().execute(async (trx) => {
          for (const statement of splitStatements(f.sql)) {
            try {
              await sql.raw(statement).execute(trx);
            } catch (err) {
              throw new Error(`migration ${f.file} failed: ${(err as Error).message}`, { cause: err });
            }
          }
          await trx.insertInto('tg_migrations').values({ version: f.version, name: f.name, sha256: f.sha256 }).execute();
        });
        applied.push(f.file);
      }
      return { applied };
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
}
