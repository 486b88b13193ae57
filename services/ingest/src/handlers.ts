// The `ingest-requests` batch handler: RequestCompleted deliveries in, `requests` rows out.
// Contract with the bus: resolving acks the batch, so it resolves only after ClickHouse accepted the rows;
// throwing leaves every non-termed message to be redelivered. A message that can never be decoded is termed
// (and logged with its reason) so that one poison message cannot block the stream behind it.
import type { BatchHandler, Delivery } from '@tollgate/bus';
import { decodeEnvelope, decodePayload } from '@tollgate/events';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import type { Logger } from '@tollgate/telemetry';
import { type RequestRow, toRequestRow } from './domain/row.ts';
import type { IngestMetrics } from './metrics.ts';
import type { RequestWriter } from './writer.ts';

export interface RequestsHandlerDeps {
  writer: RequestWriter;
  logger: Logger;
  metrics: IngestMetrics;
  /** Milliseconds clock, for batch timing. */
  now?: () => number;
}

export function createRequestsHandler(deps: RequestsHandlerDeps): BatchHandler {
  const { writer, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  return async (batch) => {
    const started = now();
    const rows: RequestRow[] = [];
    for (const d of batch) {
      const row = decode(d);
      if (typeof row === 'string') {
        d.term(row);
        metrics.poison.inc();
        logger.warn('poison message termed', { subject: d.subject, id: d.id, deliveryCount: d.deliveryCount, reason: row });
      } else rows.push(row);
    }
    if (rows.length === 0) return;
    try {
      const r = await writer.write(rows);
      metrics.inserted.inc(undefined, r.inserted);
      metrics.skipped.inc(undefined, r.skipped);
      metrics.batchMs.observe(now() - started);
      logger.debug('batch written', { ...r, batch: batch.length });
    } catch (err) {
      metrics.failures.inc();
      logger.error('batch insert failed; it will be redelivered', { rows: rows.length, err });
      throw err;
    }
  };
}

/** The row for a delivery, or the reason it can never become one. */
function decode(d: Delivery): RequestRow | string {
  try {
    const env = decodeEnvelope(d.data);
    return toRequestRow(env, decodePayload(RequestCompletedSchema, env));
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
