// Sustained insert rate of SDK events into embedded ClickHouse (chDB) through the `ingest-sdk-events` batch
// handler: decode, redaction, stored-id lookup, insert with deduplication token, the tool_calls, agent_steps,
// daily_usage and project_summary views. Run: node services/ingest/bench/sdk-insert-rate.ts [events] [batch]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClickHouse, migrateClickHouse } from '@tollgate/db';
import { createLogger, Registry } from '@tollgate/telemetry';
import { redact } from '../src/domain/redact.ts';
import { createSdkEventsHandler } from '../src/handlers.ts';
import { ingestMetrics } from '../src/metrics.ts';
import { MIGRATIONS_DIR } from '../src/migrations.ts';
import { fixtureDelivery } from '../src/testing/events.ts';
import { fixtureSdkEvent } from '../src/testing/sdk-events.ts';
import { createEventWriter } from '../src/writer.ts';

const total = Number(process.argv[2] ?? 200_000);
const batchSize = Number(process.argv[3] ?? 1000);
const storeBodies = process.argv[4] === 'bodies';
const dir = mkdtempSync(join(tmpdir(), 'tg-ingest-sdk-bench-'));
const clickhouse = await createClickHouse({ dataDir: dir, database: 'bench' });
await migrateClickHouse(clickhouse, MIGRATIONS_DIR);
const handler = createSdkEventsHandler({
  writer: createEventWriter(clickhouse),
  logger: createLogger({ level: 'warn' }),
  metrics: ingestMetrics(new Registry()),
  defaultStoreBodies: storeBodies ? 'redacted' : 'off',
  redact,
});

const now = Date.now() - 3_600_000;
const batches = [];
for (let i = 0; i < total; i += batchSize) {
  batches.push(Array.from({ length: Math.min(batchSize, total - i) }, (_, j) => fixtureDelivery(fixtureSdkEvent(i + j, now))));
}
const started = performance.now();
const latencies: number[] = [];
for (const b of batches) {
  const t = performance.now();
  await handler(b);
  latencies.push(performance.now() - t);
}
const seconds = (performance.now() - started) / 1000;
const rs = await clickhouse.query({
  query: `SELECT (SELECT count() FROM events) AS n, (SELECT count() FROM tool_calls) AS tools,
            (SELECT sum(sdk_events) FROM project_summary) AS summarized`,
  format: 'JSONEachRow',
});
const [counts] = await rs.json<{ n: string; tools: string; summarized: string }>();
latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    events: Number(counts.n),
    toolCalls: Number(counts.tools),
    summarized: Number(counts.summarized),
    batchSize,
    storeBodies,
    seconds: +seconds.toFixed(2),
    eventsPerSecond: Math.round(total / seconds),
    batchMsP50: +latencies[Math.floor(latencies.length / 2)].toFixed(1),
    batchMsP99: +latencies[Math.floor(latencies.length * 0.99)].toFixed(1),
  }),
);
await clickhouse.close();
rmSync(dir, { recursive: true, force: true });
