import { sql } from 'kysely';
import { afterAll } from 'vitest';
import { createPostgres, type PostgresHandle } from './postgres.ts';
import { postgresContract } from './postgres.contract.ts';

// PGlite runs in-process, so the contract runs in the fast tier too. Starting PGlite takes about a second, so
// one instance serves the file and each test gets a fresh, empty public schema.
let shared: PostgresHandle | undefined;
afterAll(() => shared?.close());

postgresContract('PGlite (in memory)', async () => {
  shared ??= await createPostgres({});
  await sql`DROP SCHEMA public CASCADE`.execute(shared.db);
  await sql`CREATE SCHEMA public`.execute(shared.db);
  return { db: shared.db, close: async () => {} };
});
