import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseClient, createClickHouse } from './clickhouse.ts';
import { migrateClickHouse } from './clickhouse-migrate.ts';

// chDB binds one data directory per process: this file uses one temp dir and a database per test.
let dataDir: string;
const clients: ClickHouseClient[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tg-chdb-'));
});
afterAll(async () => {
  for (const c of clients) await c.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function open(database: string): Promise<{ ch: ClickHouseClient; dir: string }> {
  const ch = await createClickHouse({ dataDir, database });
  clients.push(ch);
  return { ch, dir: await mkdtemp(join(dataDir, 'migrations-')) };
}

describe('createClickHouse (chDB)', () => {
  it('creates the database and makes it the default, per client', async () => {
    const a = await open('db_a');
    const b = await open('db_b');
    const current = async (c: ClickHouseClient) => (await (await c.query({ query: 'SELECT currentDatabase() AS d', format: 'JSONEachRow' })).json())[0];
    expect(await current(a.ch)).toEqual({ d: 'db_a' });
    expect(await current(b.ch)).toEqual({ d: 'db_b' });
  });

  it('rejects a database name that is not a plain identifier', async () => {
    await expect(createClickHouse({ dataDir, database: 'x; DROP' })).rejects.toThrow(/invalid ClickHouse database name/);
  });
});

describe('migrateClickHouse', () => {
  it('applies files once, in order, with several statements each', async () => {
    const { ch, dir } = await open('mig_once');
    await writeFile(join(dir, '0001_t.sql'), 'CREATE TABLE IF NOT EXISTS t (x UInt64) ENGINE = MergeTree ORDER BY x;\nINSERT INTO t VALUES (1);\n');
    await writeFile(join(dir, '0002_u.sql'), 'INSERT INTO t VALUES (2);');
    expect(await migrateClickHouse(ch, dir)).toEqual({ applied: ['0001_t.sql', '0002_u.sql'] });
    expect(await migrateClickHouse(ch, dir)).toEqual({ applied: [] });
    const rows = await (await ch.query({ query: 'SELECT x FROM t ORDER BY x', format: 'JSONEachRow' })).json<{ x: string | number }>();
    expect(rows.map((r) => Number(r.x))).toEqual([1, 2]);
  });

  it('refuses an edited file and a reused number, naming the file', async () => {
    const { ch, dir } = await open('mig_refuse');
    await writeFile(join(dir, '0001_t.sql'), 'CREATE TABLE IF NOT EXISTS t (x UInt64) ENGINE = MergeTree ORDER BY x;');
    await migrateClickHouse(ch, dir);
    await writeFile(join(dir, '0001_t.sql'), 'CREATE TABLE IF NOT EXISTS t (x UInt32) ENGINE = MergeTree ORDER BY x;');
    await expect(migrateClickHouse(ch, dir)).rejects.toThrow(/0001_t\.sql was edited/);
    await rm(join(dir, '0001_t.sql'));
    await writeFile(join(dir, '0001_v.sql'), 'SELECT 1;');
    await expect(migrateClickHouse(ch, dir)).rejects.toThrow(/0001_v\.sql reuses number 1/);
  });

  it('does not record a failing file', async () => {
    const { ch, dir } = await open('mig_fail');
    await writeFile(join(dir, '0001_bad.sql'), 'SELECT * FROM missing_table;');
    await expect(migrateClickHouse(ch, dir)).rejects.toThrow(/0001_bad\.sql failed/);
    await writeFile(join(dir, '0001_bad.sql'), 'SELECT 1;');
    expect(await migrateClickHouse(ch, dir)).toEqual({ applied: ['0001_bad.sql'] });
  });
});
