import pg from 'pg';
import { uniqueName } from './unique-name.ts';

export interface FreshSchema {
  /** The schema's name (`t_` + random). */
  schema: string;
  /** databaseUrl with the search_path set to the schema, for clients that take a URL. */
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates an empty schema in the test database so a test file can migrate and write without meeting others. */
export async function freshPgSchema(databaseUrl: string): Promise<FreshSchema> {
  const schema = uniqueName('t_');
  await run(databaseUrl, `CREATE SCHEMA ${schema}`);
  const u = new URL(databaseUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: u.toString(), drop: () => run(databaseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
