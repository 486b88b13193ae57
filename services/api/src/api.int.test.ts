import { createPostgres } from '@tollgate/db';
import { freshPgSchema, testUrls } from '@tollgate/testing';
import { apiContract } from './api.contract.ts';

// chDB (embedded ClickHouse) is the analytics store in both runs; one chDB directory for this file's process.
apiContract('PGlite + chDB', () => createPostgres({}), 'api_test_pglite');
apiContract(
  'PostgreSQL server + chDB',
  async () => {
    const schema = await freshPgSchema(testUrls().databaseUrl);
    return { ...(await createPostgres({ url: schema.url })), drop: schema.drop };
  },
  'api_test_pg',
);
