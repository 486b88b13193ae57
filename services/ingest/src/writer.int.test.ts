// The writer and the schema against embedded ClickHouse (chDB): the guarantees that keep the rollup exact when
// the same rows reach ClickHouse twice.
import { decodeEnvelope, decodePayload } from '@tollgate/events';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeRow } from './domain/batch.ts';
import { toRequestRow } from './domain/row.ts';
import { rollup, rowCount, scratchClickHouse } from './testing/clickhouse.ts';
import { expectedRollup, fixtureEvent } from './testing/events.ts';
import { createRequestWriter, insertSettings } from './writer.ts';

const ch = scratchClickHouse();
afterAll(() => ch.dispose());

const now = Date.now();
const sent = Array.from({ length: 500 }, (_, i) => fixtureEvent(i, now));
const plain = sent.map((e) => {
  const env = decodeEnvelope(e.bytes);
  return toRequestRow(env, decodePayload(RequestCompletedSchema, env));
});
const rows = plain.map(encodeRow);

describe('request writer', () => {
  it('skips rows already stored and reports them', async () => {
    const client = await ch.database();
    const writer = createRequestWriter(client);
    expect(await writer.write(rows.slice(0, 200))).toEqual({ inserted: 200, skipped: 0 });
    expect(await writer.write([...rows.slice(100, 500), rows[450]])).toEqual({ inserted: 300, skipped: 101 });
    expect(await rowCount(client)).toEqual({ rows: 500, distinct: 500 });
    expect(await rollup(client)).toEqual(expectedRollup(sent));
  });

  it('finds stored rows whatever their ids hold, written into the lookup or bound as a parameter', async () => {
    const client = await ch.database();
    const writer = createRequestWriter(client);
    const hostile = ["it's", 'back\\slash', 'new\nline\ttab\0nul', "'); DROP TABLE requests; --", 'ünïcødé ✓', "\\'"];
    const long = Array.from({ length: 1_200 }, (_, i) => `${'x'.repeat(100)}-${i}`); // past MAX_INLINE_IDS_CHARS
    for (const ids of [hostile, long]) {
      const batch = ids.map((id, i) => encodeRow({ ...plain[i % plain.length]!, event_id: id }));
      expect(await writer.write(batch)).toEqual({ inserted: ids.length, skipped: 0 });
      expect(await writer.write(batch)).toEqual({ inserted: 0, skipped: ids.length });
    }
    expect(await rowCount(client)).toEqual({ rows: hostile.length + long.length, distinct: hostile.length + long.length });
  });

  it('stores a batch once when two replicas write it at the same time', async () => {
    // Both stored-id lookups run before either insert (on chDB, every time so far): only the token stops the second.
    const client = await ch.database();
    const results = await Promise.all([createRequestWriter(client).write(rows), createRequestWriter(client).write(rows)]);
    expect(results.reduce((n, r) => n + r.inserted + r.skipped, 0)).toBe(2 * rows.length);
    expect(await rowCount(client)).toEqual({ rows: rows.length, distinct: rows.length });
    expect(await rollup(client)).toEqual(expectedRollup(sent));
  });

  it('drops a repeated insert with the same token in both requests and daily_metrics', async () => {
    const client = await ch.database();
    for (let i = 0; i < 3; i++) {
      await client.insert({ table: 'requests', values: plain, format: 'JSONEachRow', clickhouse_settings: insertSettings(rows.map((r) => r.event_id)) });
    }
    expect(await rowCount(client)).toEqual({ rows: rows.length, distinct: rows.length });
    expect(await rollup(client)).toEqual(expectedRollup(sent));
  });

  it('rolls up by served model, falling back to the requested one, with errors and cache hits', async () => {
    const client = await ch.database();
    const r = { ...plain[0], event_id: 'x1', project_id: 'solo', model_requested: 'gpt-4o', model_served: '', status: 429, cache_status: 'miss' };
    const hit = { ...r, event_id: 'x2', model_served: 'gpt-4o', status: 200, cache_status: 'hit', cost_nanousd: '0' };
    await createRequestWriter(client).write([r, hit].map(encodeRow));
    const got = (await rollup(client)).get('solo|gpt-4o');
    expect(got).toMatchObject({ requests: 2, errors: 1, cache_hits: 1, cost_nanousd: BigInt(r.cost_nanousd) });
  });
});
