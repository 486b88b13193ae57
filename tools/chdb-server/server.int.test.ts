import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ClickHouseClient, ClickHouseError, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChdbServer, startChdbServer } from './server.ts';

describe('chdb-server', () => {
  let dir: string;
  let server: ChdbServer;
  const clients: ClickHouseClient[] = [];
  const client = (database?: string, extra: Parameters<typeof createClient>[0] = {}): ClickHouseClient => {
    const c = createClient({ url: server.url, ...(database ? { database } : {}), ...extra });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chdb-server-test-'));
    server = await startChdbServer({ port: 0, path: join(dir, 'data') });
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('listens on loopback and answers ping', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/ping`);
    expect(await res.text()).toBe('Ok.\n');
    const c = client();
    expect((await c.ping()).success).toBe(true);
    expect((await c.ping({ select: true })).success).toBe(true);
  });

  it('creates, inserts with deduplication tokens, and selects with bound params', async () => {
    const admin = client();
    await admin.command({ query: 'CREATE DATABASE IF NOT EXISTS t1' });
    const c = client('t1');
    await c.command({
      query: `CREATE TABLE events (id UInt32, name String, at DateTime) ENGINE = MergeTree ORDER BY id
              SETTINGS non_replicated_deduplication_window = 100`,
    });
    const rows = [
      { id: 1, name: "o'brien\t\\x", at: '2026-01-01 00:00:00' },
      { id: 2, name: 'b', at: '2026-01-02 00:00:00' },
    ];
    const first = await c.insert({ table: 'events', values: rows, format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-1' } });
    expect(first.summary?.written_rows).toBe('2');
    await c.insert({ table: 'events', values: rows, format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-1' } });
    // the token is not sticky: a different token inserts again
    await c.insert({ table: 'events', values: [{ id: 3, name: 'c', at: '2026-01-03 00:00:00' }], format: 'JSONEachRow', clickhouse_settings: { insert_deduplication_token: 'tok-2' } });
    const count = await c.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' });
    expect(await count.json()).toEqual([{ n: 3 }]);

    const rs = await c.query({
      query: 'SELECT id, name FROM events WHERE name = {name:String} OR id IN {ids:Array(UInt32)} ORDER BY id',
      query_params: { name: "o'brien\t\\x", ids: [3] },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([
      { id: 1, name: "o'brien\t\\x" },
      { id: 3, name: 'c' },
    ]);

    const json = await c.query({ query: 'SELECT id FROM events ORDER BY id LIMIT 1', format: 'JSON' });
    const doc = await json.json<{ id: number }>();
    expect(doc.data).toEqual([{ id: 1 }]);
    const compact = await c.query({ query: 'SELECT id, name FROM events ORDER BY id LIMIT 1', format: 'JSONCompactEachRow' });
    expect(await compact.json()).toEqual([[1, "o'brien\t\\x"]]);
    const tsv = await c.query({ query: 'SELECT id FROM events ORDER BY id', format: 'TabSeparated' });
    expect(await tsv.text()).toBe('1\n2\n3\n');

    // command with bound params (as the migration ledger does)
    await c.command({ query: 'CREATE TABLE ledger (v UInt32, n String) ENGINE = MergeTree ORDER BY v' });
    await c.command({ query: 'INSERT INTO ledger VALUES ({v:UInt32}, {n:String})', query_params: { v: 7, n: 'seven' } });
    const ledger = await c.query({ query: 'SELECT v, n FROM ledger', format: 'JSONEachRow' });
    expect(await ledger.json()).toEqual([{ v: 7, n: 'seven' }]);
  });

  it('applies settings per statement without leaking them', async () => {
    const c = client();
    const rs = await c.query({ query: "SELECT getSetting('max_threads') AS v", format: 'JSONEachRow', clickhouse_settings: { max_threads: 3 } });
    expect(await rs.json()).toEqual([{ v: 3 }]);
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const r = await c.query({ query: "SELECT getSetting('max_threads') = 3 AS leaked", format: 'JSONEachRow' });
        return r.json<{ leaked: number }>();
      }),
    );
    for (const r of results) expect(r).toEqual([{ leaked: 0 }]);
    // a client SET does not stick either (HTTP without a session)
    await c.command({ query: 'SET max_threads = 5' });
    const after = await Promise.all(
      Array.from({ length: 8 }, async () => (await c.query({ query: "SELECT getSetting('max_threads') = 5 AS s", format: 'JSONEachRow' })).json()),
    );
    for (const r of after) expect(r).toEqual([{ s: 0 }]);
  });

  it('surfaces ClickHouse errors as client errors', async () => {
    const c = client();
    const err = await c.query({ query: 'SELECT * FROM no_such_table', format: 'JSONEachRow' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseError);
    expect((err as ClickHouseError).code).toBe('60');
    expect((err as ClickHouseError).type).toBe('UNKNOWN_TABLE');
    expect((err as Error).message).toContain('no_such_table');
    const syntax = await c.command({ query: 'SELEC 1' }).catch((e: unknown) => e);
    expect((syntax as ClickHouseError).type).toBe('SYNTAX_ERROR');
    const badDb = await client('missing_db').query({ query: 'SELECT 1' }).catch((e: unknown) => e);
    expect((badDb as ClickHouseError).code).toBe('81');
    const badInsert = await c
      .insert({ table: 'default.nope', values: [{ a: 1 }], format: 'JSONEachRow' })
      .catch((e: unknown) => e);
    expect(badInsert).toBeInstanceOf(ClickHouseError);
  });

  it('keeps databases apart across parallel requests', async () => {
    const admin = client();
    for (const db of ['pa', 'pb']) {
      await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${db}` });
      await admin.command({ query: `CREATE TABLE ${db}.items (db String, i UInt32) ENGINE = MergeTree ORDER BY i` });
    }
    const a = client('pa');
    const b = client('pb');
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      ops.push(a.insert({ table: 'items', values: [{ db: 'pa', i }], format: 'JSONEachRow' }));
      ops.push(b.insert({ table: 'items', values: [{ db: 'pb', i }], format: 'JSONEachRow' }));
      ops.push(a.query({ query: 'SELECT currentDatabase() AS d', format: 'JSONEachRow' }).then((r) => r.json()).then((r) => expect(r).toEqual([{ d: 'pa' }])));
      ops.push(b.query({ query: 'SELECT currentDatabase() AS d', format: 'JSONEachRow' }).then((r) => r.json()).then((r) => expect(r).toEqual([{ d: 'pb' }])));
      ops.push(
        a
          .query({ query: 'SELECT {x:UInt32} AS x, currentDatabase() AS d', query_params: { x: i }, format: 'JSONEachRow' })
          .then((r) => r.json())
          .then((r) => expect(r).toEqual([{ x: i, d: 'pa' }])),
      );
    }
    await Promise.all(ops);
    for (const [c, db] of [[a, 'pa'], [b, 'pb']] as const) {
      const rs = await c.query({ query: 'SELECT db, count() AS n FROM items GROUP BY db', format: 'JSONEachRow' });
      expect(await rs.json()).toEqual([{ db, n: 20 }]);
    }
  });

  it('handles gzip request and response compression and multipart params', async () => {
    const c = client(undefined, { compression: { request: true, response: true } });
    await c.command({ query: 'CREATE TABLE IF NOT EXISTS default.gz (i UInt32) ENGINE = MergeTree ORDER BY i' });
    await c.insert({ table: 'default.gz', values: [{ i: 1 }, { i: 2 }], format: 'JSONEachRow' });
    const rs = await c.query({ query: 'SELECT sum(i) AS s FROM default.gz', format: 'JSONEachRow' });
    expect(await rs.json()).toEqual([{ s: 3 }]);

    const res = await fetch(`${server.url}/?query=${encodeURIComponent('SELECT 40 + 2 AS v FORMAT TabSeparated')}`, {
      method: 'POST',
      headers: { 'Content-Encoding': 'gzip' },
      body: gzipSync(''),
    });
    expect(await res.text()).toBe('42\n');

    const mp = client(undefined, { use_multipart_params: true });
    const r = await mp.query({ query: 'SELECT {s:String} AS s', query_params: { s: 'multi\npart' }, format: 'JSONEachRow' });
    expect(await r.json()).toEqual([{ s: 'multi\npart' }]);
  });
});
