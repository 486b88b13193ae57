// One-shot Postgres migration (Helm hook Job): `node services/api/src/migrate.ts` with DATABASE_URL set.
import { loadConfigOrExit } from '@tollgate/config';
import { createPostgres, migratePostgres } from '@tollgate/db';
import { MIGRATIONS_DIR } from './migrations.ts';

const config = loadConfigOrExit(process.env);
if (!config.databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const pg = await createPostgres({ url: config.databaseUrl });
try {
  const { applied } = await migratePostgres(pg.db, MIGRATIONS_DIR);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'postgres schema is current');
} finally {
  await pg.close();
}
