// The ingest service's Prometheus series, labelled by consumer (`durable`: ingest-requests, ingest-sdk-events).
import type { Counter, Histogram, Registry } from '@tollgate/telemetry';

export interface IngestMetrics {
  inserted: Counter;
  skipped: Counter;
  poison: Counter;
  deadLetterFailures: Counter;
  failures: Counter;
  batchMs: Histogram;
}

export function ingestMetrics(r: Registry): IngestMetrics {
  return {
    inserted: r.counter('tollgate_ingest_rows_inserted_total', 'Rows inserted into ClickHouse.'),
    skipped: r.counter('tollgate_ingest_rows_skipped_total', 'Redelivered events found already stored.'),
    poison: r.counter('tollgate_ingest_poison_total', 'Messages dead-lettered and termed because they can never be stored.'),
    deadLetterFailures: r.counter('tollgate_ingest_dead_letter_failures_total', 'Poison messages termed without reaching the dead-letter subject.'),
    failures: r.counter('tollgate_ingest_batch_failures_total', 'Batches whose insert failed (redelivered later).'),
    batchMs: r.histogram('tollgate_ingest_batch_ms', 'Time to decode and insert one batch, in milliseconds.'),
  };
}
