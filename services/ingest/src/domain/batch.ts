// Pure rules for turning a batch of rows into one idempotent ClickHouse insert.
import { createHash } from 'node:crypto';
import type { RequestRow } from './row.ts';

/**
 * The insert_deduplication_token of a set of rows: sha256 of their sorted event ids. The same set retried
 * (after a timeout whose outcome is unknown) gets the same token, so ClickHouse drops the second insert in
 * `requests` and in the rollup fed by its materialized view.
 */
export function dedupToken(eventIds: readonly string[]): string {
  return createHash('sha256').update([...eventIds].sort().join('\n')).digest('hex');
}

/** Keeps the first row of each event id (a batch may hold a redelivery of a message it already holds). */
export function uniqueByEventId(rows: readonly RequestRow[]): RequestRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.event_id) && seen.add(r.event_id));
}

/** Rows whose event is not stored yet: `stored` holds the event ids already found in `requests`. */
export function unstored(rows: readonly RequestRow[], stored: ReadonlySet<string>): RequestRow[] {
  return rows.filter((r) => !stored.has(r.event_id));
}

/**
 * Bounds of a query that finds already-stored event ids through the table's sort key (project_id,
 * occurred_at, event_id) instead of scanning every event id kept: a redelivered event keeps its project and
 * occurrence time, so these bounds never miss it.
 */
export function lookupBounds(rows: readonly RequestRow[]): { ids: string[]; projects: string[]; from: string; to: string } {
  let from = rows[0]?.occurred_at ?? '';
  let to = from;
  for (const r of rows) {
    if (r.occurred_at < from) from = r.occurred_at;
    if (r.occurred_at > to) to = r.occurred_at;
  }
  return { ids: rows.map((r) => r.event_id), projects: [...new Set(rows.map((r) => r.project_id))], from, to };
}
