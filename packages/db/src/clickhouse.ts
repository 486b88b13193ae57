// ClickHouse as one @clickhouse/client ClickHouseClient, over HTTP to a server or in-process through chDB.
//
// Hazards (chDB): libchdb binds ONE data directory per process. Every client opened in a process must use the
// same `dataDir` (or all `:memory:`); use separate databases inside it for isolation. Close a client only when
// none of its queries is still running.

import { join } from 'node:path';
import { type ClickHouseClient, type ClickHouseClientConfigOptions, createClient } from '@clickhouse/client';

export type { ClickHouseClient } from '@clickhouse/client';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ClickHouseOptions {
  /** `http(s)://user:password@host:8123/database`; without it, embedded chDB is used. */
  url?: string;
  /** chDB data lives in `<dataDir>/clickhouse`; in memory when absent. Ignored with `url`. */
  dataDir?: string;
  /** Created if missing and made the client's default. Defaults to the url's database, else `tollgate`. */
  database?: string;
}

export async function createClickHouse(opts: ClickHouseOptions): Promise<ClickHouseClient> {
  return opts.url ? createHttp(opts.url, opts.database) : createChdb(opts.dataDir, opts.database ?? 'tollgate');
}

async function createHttp(rawUrl: string, database: string | undefined): Promise<ClickHouseClient> {
  const url = new URL(rawUrl);
  const db = checkName(database ?? (url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : 'tollgate'));
  url.pathname = '/';
  const bootstrap = createClient({ url: url.toString(), database: 'default' });
  try {
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
  } finally {
    await bootstrap.close();
  }
  return createClient({ url: url.toString(), database: db });
}

async function createChdb(dataDir: string | undefined, database: string): Promise<ClickHouseClient> {
  const db = checkName(database);
  // The chDB connection ignores the client's `database` option; a chDB session keeps `USE` for its lifetime and
  // each connection has its own session, so `USE` makes `db` this client's default without affecting others.
  // chdb types its Connection against @clickhouse/client-common 1.23.0, the client against its own copy of the
  // same interface; they differ only in settings typings, hence the cast (runtime shapes are identical).
  // Loaded only when used: the chDB library is large (hundreds of MB mapped), and services that talk to a
  // ClickHouse server, or never touch ClickHouse (ingress imports this package for key lookups), must not pay it.
  const { createChdbConnection } = await import('chdb/connection');
  const connection = createChdbConnection({ path: dataDir ? join(dataDir, 'clickhouse') : ':memory:' });
  const client = createClient({ connection: connection as unknown as ClickHouseClientConfigOptions['connection'] });
  try {
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
    await client.command({ query: `USE ${db}` });
  } catch (err) {
    await client.close();
    throw err;
  }
  return client;
}

/** Database names are interpolated into DDL (identifiers cannot be bound), so only plain identifiers pass. */
function checkName(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`invalid ClickHouse database name ${JSON.stringify(name)}`);
  return name;
}
