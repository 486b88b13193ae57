// Sustained insert rate of the ingest batch handler into embedded ClickHouse (chDB): decode, stored-id lookup,
// insert with deduplication token, materialized view. Run: node services/ingest/bench/insert-rate.ts [rows] [batch]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, migrateClickHouse } from '@tollgate/db';
import { createLogger, Registry } from '@tollgate/telemetry';
import { createRequestsHandler } from '../src/handlers.ts';
import { ingestMetrics } from '../src/metrics.ts';
import { MIGRATIONS_DIR } from '../src/migrations.ts';
import { fixtureDelivery, fixtureEvent } from '../src/testing/events.ts';
import { redact } from '../src/domain/redact.ts';
import { createGatewayWriter } from '../src/writer.ts';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'tg-ingest-bench-'));
const clickhouse = await createClickHouse({ dataDir: dir, database: 'bench' });
await migrateClickHouse(clickhouse, MIGRATIONS_DIR);
const handler = createRequestsHandler({
  writer: createGatewayWriter(clickhouse),
  logger: createLogger({ level: 'warn' }),
  metrics: ingestMetrics(new Registry()),
  defaultStoreBodies: 'off',
  redact,
});

const now = Date.now();
const batches = [];
for (let i = 0; i < total; i += batchSize) {
  batches.push(Array.from({ length: Math.min(batchSize, total - i) }, (_, j) => fixtureDelivery(fixtureEvent(i + j, now))));
}
const started = performance.now();
const latencies: number[] = [];
for (const b of batches) {
  const t = performance.now();
  await handler(b);
  latencies.push(performance.now() - t);
}
const seconds = (performance.now() - started) / 1000;
const rs = await clickhouse.query({ query: 'SELECT count() AS n, (SELECT sum(requests) FROM daily_metrics) AS r FROM requests', format: 'JSONEachRow' });
const [{ n, r }] = await rs.json<{ n: string; r: string }>();
latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    rows: Number(n),
    rollupRequests: Number(r),
    batchSize,
    seconds: +seconds.toFixed(2),
    rowsPerSecond: Math.round(total / seconds),
    batchMsP50: +latencies[Math.floor(latencies.length / 2)].toFixed(1),
    batchMsP99: +latencies[Math.floor(latencies.length * 0.99)].toFixed(1),
  }),
);
await clickhouse.close();
rmSync(dir, { recursive: true, force: true });
