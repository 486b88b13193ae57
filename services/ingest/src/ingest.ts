// The ingest service: the only writer of ClickHouse. Two durable consumers write in batches:
// `ingest-requests` (RequestCompleted -> requests, and request_bodies for projects that store bodies;
// daily_metrics, daily_usage, project_summary follow by views) and
// `ingest-sdk-events` (SdkEvent -> events; tool_calls, agent_steps, daily_usage, project_summary follow).
import type { ClickHouseClient } from '@clickhouse/client';
import type { BatchHandler, Publisher, Subscriber, Subscription } from '@tollgate/bus';
import { durables, subjects } from '@tollgate/events';
import { type Logger, Registry } from '@tollgate/telemetry';
import { createDeadLetter } from './dead-letter.ts';
import { createRedactor } from './domain/redact.ts';
import { DEFAULT_RAW_RETENTION_DAYS } from './domain/retention.ts';
import { type StoreBodiesMode, toStoreBodiesMode } from './domain/store-bodies.ts';
import { createRequestsHandler, createSdkEventsHandler } from './handlers.ts';
import { ingestMetrics } from './metrics.ts';
import { applyRetention } from './retention.ts';
import { createEventWriter, createGatewayWriter } from './writer.ts';

export interface IngestDeps {
  /** Consumes events; publishes poison messages to the dead-letter subjects (their stream must exist). */
  bus: Subscriber & Publisher;
  clickhouse: ClickHouseClient;
  logger: Logger;
  /** Largest batch per insert (default 1000). */
  batchSize?: number;
  /** Longest wait to fill a batch before inserting what arrived (default 500 ms). */
  flushMs?: number;
  /** Where the service's series are registered (a private registry when omitted). */
  metrics?: Registry;
  /** Days raw rows are kept (TOLLGATE_RAW_RETENTION_DAYS, default 30); applied at start-up. */
  rawRetentionDays?: number;
  /**
   * TOLLGATE_STORE_BODIES: what is stored of request and response bodies and SDK prompts, responses and tool
   * input/output for events whose project did not choose (each event carries its project's choice). Default 'off';
   * `true` (older callers) means 'redacted'.
   */
  storeBodies?: StoreBodiesMode | boolean;
  /** Patterns masked as `[REDACTED]` in 'redacted' bodies, besides e-mails, API keys and card numbers. */
  redactPatterns?: readonly RegExp[];
  /**
   * Subject filters of the consumers and the dead-letter subject (defaults: subjects.*). Only tests change them,
   * to use an isolated stream on a shared NATS server: JetStream forbids two streams with overlapping subjects.
   */
  filter?: string;
  sdkFilter?: string;
  deadLetterSubject?: (durable: string) => string;
}

export interface Ingest {
  /** Stops fetching and waits until the batches in hand are inserted and acked (or left for redelivery). */
  stop(): Promise<void>;
  health(): Promise<Record<string, 'up' | 'down'>>;
}

export async function createIngest(deps: IngestDeps): Promise<Ingest> {
  const logger = deps.logger.child({ service: 'ingest' });
  const metrics = ingestMetrics(deps.metrics ?? new Registry());
  const days = deps.rawRetentionDays ?? DEFAULT_RAW_RETENTION_DAYS;
  // Not fatal: ingest still runs (and ClickHouse may only be starting); the next start-up applies it.
  await applyRetention(deps.clickhouse, days).then(
    (altered) => altered.length && logger.info('raw retention applied', { days, altered }),
    (err: unknown) => logger.error('raw retention not applied; it is retried at the next start', { days, err }),
  );
  const deadLetter = (durable: string) =>
    createDeadLetter({ publisher: deps.bus, durable, logger, subject: deps.deadLetterSubject?.(durable) });
  const consume = (durable: string, filter: string, handler: BatchHandler): Promise<Subscription> =>
    // WARNING: the durable name is the consumer's cursor; renaming it re-ingests the whole stream.
    deps.bus.consume({ durable, filter, maxBatch: deps.batchSize ?? 1000, maxWaitMs: deps.flushMs ?? 500 }, handler);

  const bodies = { defaultStoreBodies: toStoreBodiesMode(deps.storeBodies), redact: createRedactor(deps.redactPatterns) };

  const requests = await consume(
    durables.ingestRequests,
    deps.filter ?? subjects.requestCompletedAll,
    createRequestsHandler({ writer: createGatewayWriter(deps.clickhouse), logger, metrics, deadLetter: deadLetter(durables.ingestRequests), ...bodies }),
  );
  const sdkEvents = await consume(
    durables.ingestSdkEvents,
    deps.sdkFilter ?? subjects.sdkEventAll,
    createSdkEventsHandler({
      writer: createEventWriter(deps.clickhouse),
      logger,
      metrics,
      deadLetter: deadLetter(durables.ingestSdkEvents),
      ...bodies,
    }),
  ).catch(async (err: unknown) => {
    await requests.stop();
    throw err;
  });
  let consuming = true;
  return {
    async stop() {
      consuming = false;
      await Promise.all([requests.stop(), sdkEvents.stop()]);
    },
    async health() {
      const ping = await deps.clickhouse.ping().catch(() => ({ success: false }));
      return { clickhouse: ping.success ? 'up' : 'down', consumer: consuming ? 'up' : 'down' };
    },
  };
}
