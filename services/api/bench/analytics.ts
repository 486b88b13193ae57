// Analytics query latency over a large `requests` table in chDB (embedded ClickHouse): generates ROWS rows with
// INSERT ... SELECT FROM numbers() (the view fills daily_metrics), then times the endpoints' own queries.
// Not a test: `node services/api/bench/analytics.ts [rows]` (default 10 million; about 1.5 GB of disk, temporary).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, migrateClickHouse } from '@tollgate/db';
import { MIGRATIONS_DIR } from '@tollgate/ingest';
import { breakdownSql } from '../src/analytics/breakdown.ts';
import { cacheSql } from '../src/analytics/cache.ts';
import { dailySql } from '../src/analytics/daily.ts';
import { errorsSql } from '../src/analytics/errors.ts';
import { latencySql } from '../src/analytics/latency.ts';
import { providerStatsSql } from '../src/analytics/providers.ts';
import { addDays } from '../src/analytics/range.ts';
import { createRunner } from '../src/analytics/run.ts';
import type { Sql } from '../src/analytics/scope.ts';
import { summarySql } from '../src/analytics/summary.ts';
import { usersSql } from '../src/analytics/users.ts';

const ROWS = Number(process.argv[2] ?? 10_000_000);
const RUNS = 15;
const SPAN_MS = 29 * 86_400_000;

// Half the rows belong to project 'big' (the one queried), the rest to 50 others; 29 days, 3 models, 2 providers,
// 20 keys, ~6% errors, ~25% cache hits.
const GENERATE = `INSERT INTO requests SELECT
  toString(number) AS event_id, toString(number) AS request_id,
  if(number % 2 = 0, 'big', concat('p', toString(number % 50))) AS project_id,
  concat('key', toString(cityHash64(number, 1) % 20)) AS key_id,
  fromUnixTimestamp64Milli(toInt64({now_ms:Int64} - intDiv(number * {span_ms:Int64}, {rows:Int64})), 'UTC') AS occurred_at,
  if(number % 5 = 0, '/v1/embeddings', '/v1/chat/completions') AS endpoint,
  arrayElement(['gpt-4o-mini', 'gpt-4o', 'llama-3.1-8b-instant'], cityHash64(number, 2) % 3 + 1) AS model_requested,
  model_requested AS model_served,
  if(model_requested = 'llama-3.1-8b-instant', 'groq', 'openai') AS provider,
  if(cityHash64(number, 3) % 16 = 0, 502, 200) AS status,
  if(status = 200, 'none', 'upstream') AS error_class, '' AS error_message,
  toUInt32(cityHash64(number, 4) % 2000) AS tokens_in, toUInt32(cityHash64(number, 5) % 800) AS tokens_out,
  toInt64(tokens_in * 150 + tokens_out * 600) AS cost_nanousd,
  toUInt32(50 + cityHash64(number, 6) % 3000) AS latency_ms, toUInt32(if(number % 2 = 0, 20 + cityHash64(number, 7) % 400, 0)) AS ttft_ms,
  if(cityHash64(number, 8) % 4 = 0, 'hit', 'miss') AS cache_status, number % 2 = 0 AS streaming, 1 AS attempts, '[]' AS attempts_json
FROM numbers({rows:UInt64})`;

const dir = await mkdtemp(join(tmpdir(), 'tg-analytics-bench-'));
const ch = await createClickHouse({ dataDir: dir, database: 'bench' });
try {
  await migrateClickHouse(ch, MIGRATIONS_DIR);
  const nowMs = Date.now();
  let t = performance.now();
  await ch.command({ query: GENERATE, query_params: { now_ms: nowMs, span_ms: SPAN_MS, rows: ROWS }, clickhouse_settings: { max_insert_block_size: '1000000' } });
  console.log(`generated ${ROWS} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  await ch.command({ query: 'OPTIMIZE TABLE daily_metrics FINAL' });
  console.log(`merged daily_metrics in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const today = new Date(nowMs).toISOString().slice(0, 10);
  const s = { projectId: 'big', from: addDays(today, -29), to: today };
  const run = createRunner(ch);
  const cases: [string, Sql][] = [
    ['summary (rollup)', summarySql(s)],
    ['summary saved cost (raw)', cacheSql(s)],
    ['daily (rollup)', dailySql(s)],
    ['breakdown by model (rollup)', breakdownSql(s, 'model', 10)],
    ['breakdown by key (raw)', breakdownSql(s, 'key', 10)],
    ['breakdown by status (raw)', breakdownSql(s, 'status', 10)],
    ['latency overall (raw)', latencySql(s).overall],
    ['latency per model (raw)', latencySql(s).models],
    ['errors (raw)', errorsSql(s)],
    ['users (raw)', usersSql(s, 10)],
    ['providers health, last hour (raw)', providerStatsSql(nowMs)],
  ];
  console.log(`queried project: ${ROWS / 2} rows over 30 days; p50 / max of ${RUNS} runs after 2 warm-ups`);
  for (const [name, sql] of cases) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const start = performance.now();
      await run(sql);
      if (i >= 2) times.push(performance.now() - start);
    }
    times.sort((x, y) => x - y);
    console.log(`${name.padEnd(36)} p50 ${times[Math.floor(RUNS / 2)].toFixed(1).padStart(7)} ms   max ${times[RUNS - 1].toFixed(1).padStart(7)} ms`);
  }
} finally {
  await ch.close();
  await rm(dir, { recursive: true, force: true });
}
