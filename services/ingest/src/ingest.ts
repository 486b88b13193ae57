// The ingest service: the only writer of ClickHouse. Consumes RequestCompleted events from the durable
// `ingest-requests` consumer and writes them in batches to `requests` (daily_metrics follows by its view).
import type { ClickHouseClient } from '@clickhouse/client';
import type { Subscriber } from '@tollgate/bus';
import { durables, subjects } from '@tollgate/events';
import { Registry, type Logger } from '@tollgate/telemetry';
import { createRequestsHandler } from './handlers.ts';
import { ingestMetrics } from './metrics.ts';
import { createRequestWriter } from './writer.ts';

export interface IngestDeps {
  bus: Subscriber;
  clickhouse: ClickHouseClient;
  logger: Logger;
  /** Largest batch per insert (default 1000). */
  batchSize?: number;
  /** Longest wait to fill a batch before inserting what arrived (default 500 ms). */
  flushMs?: number;
  /** Where the service's series are registered (a private registry when omitted). */
  metrics?: Registry;
  /**
   * Subject filter of the consumer (default subjects.requestCompletedAll). Only tests change it, to read an
   * isolated stream on a shared NATS server: JetStream forbids two streams with overlapping subjects.
   */
  filter?: string;
}

export interface Ingest {
  /** Stops fetching and waits until the batch in hand is inserted and acked (or left for redelivery). */
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

export async function createIngest(deps: IngestDeps): Promise<Ingest> {
  const logger = deps.logger.child({ service: 'ingest' });
  const handler = createRequestsHandler({
    writer: createRequestWriter(deps.clickhouse),
    logger,
    metrics: ingestMetrics(deps.metrics ?? new Registry()),
  });
  // WARNING: the durable name is the consumer's cursor; renaming it re-ingests the whole stream.
  const subscription = await deps.bus.consume(
    {
      durable: durables.ingestRequests,
      filter: deps.filter ?? subjects.requestCompletedAll,
      maxBatch: deps.batchSize ?? 1000,
      maxWaitMs: deps.flushMs ?? 500,
    },
    handler,
  );
  let consuming = true;
  return {
    async stop() {
      consuming = false;
      await subscription.stop();
    },
    async health() {
      const ping = await deps.clickhouse.ping().catch(() => ({ success: false }));
      return { clickhouse: ping.success ? 'up' : 'down', consumer: consuming ? 'up' : 'down' };
    },
  };
}
