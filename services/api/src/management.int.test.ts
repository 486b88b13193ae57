import { createPostgres } from '@tollgate/db';
import { freshPgSchema, testUrls } from '@tollgate/testing';
import { configContract } from './management-config.contract.ts';
import { keysContract } from './management-keys.contract.ts';
import { projectsContract } from './management-projects.contract.ts';

async function fresh() {
  const schema = await freshPgSchema(testUrls().databaseUrl);
  return { ...(await createPostgres({ url: schema.url })), drop: schema.drop };
}
keysContract('PostgreSQL server (fresh schema)', fresh);
configContract('PostgreSQL server (fresh schema)', fresh);
projectsContract('PostgreSQL server (fresh schema)', fresh);
