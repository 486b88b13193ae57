// The ingest service's Prometheus series.
import type { Counter, Histogram, Registry } from '@tollgate/telemetry';

export interface IngestMetrics {
  inserted: Counter;
  skipped: Counter;
  poison: Counter;
  failures: Counter;
  batchMs: Histogram;
}

export function ingestMetrics(r: Registry): IngestMetrics {
  return {
    inserted: r.counter('tollgate_ingest_rows_inserted_total', 'Request rows inserted into ClickHouse.'),
    skipped: r.counter('tollgate_ingest_rows_skipped_total', 'Redelivered request events found already stored.'),
    poison: r.counter('tollgate_ingest_poison_total', 'Messages termed because they cannot be decoded.'),
    failures: r.counter('tollgate_ingest_batch_failures_total', 'Batches whose insert failed (redelivered later).'),
    batchMs: r.histogram('tollgate_ingest_batch_ms', 'Time to decode and insert one batch, in milliseconds.'),
  };
}
