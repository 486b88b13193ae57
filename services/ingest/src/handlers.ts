// Batch handlers of ingest's durable consumers: deliveries in, rows out.
// Contract with the bus: resolving acks the batch, so it resolves only after ClickHouse accepted the rows;
// throwing leaves every non-termed message to be redelivered. A message that can never be decoded is sent to the
// dead-letter subject with its reason and termed, so that one poison message cannot block the stream behind it.
import { type BatchHandler, cooperate, type Delivery } from '@tollgate/bus';
import { durables, readEvent } from '@tollgate/events';
import { RequestCompletedSchema } from '@tollgate/proto/events';
import { SdkEventSchema } from '@tollgate/proto/sdk';
import type { Logger } from '@tollgate/telemetry';
import type { DeadLetter } from './dead-letter.ts';
import { type EncodedRow, encodeRow } from './domain/batch.ts';
import { toRequestBodyRow } from './domain/body-row.ts';
import { toEventRow } from './domain/event-row.ts';
import type { Redactor } from './domain/redact.ts';
import { toRequestRow } from './domain/row.ts';
import type { StoreBodiesMode } from './domain/store-bodies.ts';
import type { IngestMetrics } from './metrics.ts';
import type { GatewayRows, RowWriter } from './writer.ts';

export interface HandlerDeps<R> {
  writer: RowWriter<R>;
  logger: Logger;
  metrics: IngestMetrics;
  /** Where poison messages go before they are termed (when absent they are only logged and termed). */
  deadLetter?: DeadLetter;
  /** Milliseconds clock, for batch timing. */
  now?: () => number;
}

/** What is stored of bodies: each event's mark (the project's choice), else this default; how to redact. */
export interface BodyDeps {
  defaultStoreBodies: StoreBodiesMode;
  redact: Redactor;
}

/** RequestCompleted -> a `requests` row, and a `request_bodies` row when the project stores bodies. */
export function createRequestsHandler(deps: HandlerDeps<GatewayRows> & BodyDeps): BatchHandler {
  return createRowsHandler(durables.ingestRequests, deps, (d) => {
    const { env, payload: ev } = readEvent(RequestCompletedSchema, d);
    const request = toRequestRow(env, ev);
    const body = toRequestBodyRow(request, ev, deps);
    return { request: encodeRow(request), body: body && encodeRow(body) };
  });
}

export function createSdkEventsHandler(deps: HandlerDeps<EncodedRow> & BodyDeps): BatchHandler {
  return createRowsHandler(durables.ingestSdkEvents, deps, (d) => {
    const { env, payload } = readEvent(SdkEventSchema, d);
    return encodeRow(toEventRow(env, payload, deps));
  });
}

function createRowsHandler<R>(durable: string, deps: HandlerDeps<R>, decode: (d: Delivery) => R): BatchHandler {
  const { writer, logger, metrics } = deps;
  const now = deps.now ?? Date.now;
  const labels = { durable };
  return async (batch) => {
    const started = now();
    const rows: R[] = [];
    const turn = cooperate();
    for (const d of batch) {
      const t = turn();
      if (t) await t;
      const row = attempt(() => decode(d));
      if (row.ok) {
        rows.push(row.value);
        continue;
      }
      const sent = deps.deadLetter ? await deps.deadLetter(d, row.reason) : false;
      if (deps.deadLetter && !sent) metrics.deadLetterFailures.inc(labels);
      d.term(row.reason);
      metrics.poison.inc(labels);
      logger.warn('poison message termed', { durable, subject: d.subject, id: d.id, deliveryCount: d.deliveryCount, reason: row.reason, deadLettered: sent });
    }
    if (rows.length === 0) return;
    try {
      const r = await writer.write(rows);
      metrics.inserted.inc(labels, r.inserted);
      metrics.skipped.inc(labels, r.skipped);
      metrics.batchMs.observe(now() - started, labels);
      logger.debug('batch written', { durable, ...r, batch: batch.length });
    } catch (err) {
      metrics.failures.inc(labels);
      logger.error('batch insert failed; it will be redelivered', { durable, rows: rows.length, err });
      throw err;
    }
  };
}

/** The row for a delivery, or the reason it can never become one. */
function attempt<R>(f: () => R): { ok: true; value: R } | { ok: false; reason: string } {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message || err.name : String(err) };
  }
}
