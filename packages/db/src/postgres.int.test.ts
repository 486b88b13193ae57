import { freshPgSchema, testUrls } from '@tollgate/testing';
import { createPostgres } from './postgres.ts';
import { postgresContract } from './postgres.contract.ts';

// A fresh schema per test on the real server (search_path in the URL), dropped afterwards.
postgresContract('PostgreSQL server (fresh schema per test)', async () => {
  const schema = await freshPgSchema(testUrls().databaseUrl);
  return { ...(await createPostgres({ url: schema.url })), drop: schema.drop };
});
