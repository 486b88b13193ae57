// Pure rules for turning a batch of rows into one idempotent ClickHouse insert.
import { createHash } from 'node:crypto';

/** What every raw table row has: an event id, its project and its occurrence time (the sort key). */
export interface KeyedRow {
  event_id: string;
  project_id: string;
  /** 'YYYY-MM-DD hh:mm:ss.sss' UTC. */
  occurred_at: string;
}

/**
 * A row as inserted: its keys, and the whole row as one JSONEachRow line. Rows are encoded as they are decoded, a
 * few dozen at a time between turns of the event loop; encoding a whole batch in the insert call held it for
 * milliseconds once per flush, which in one process every request waiting behind it paid.
 */
export interface EncodedRow extends KeyedRow {
  readonly json: string;
}

export function encodeRow(row: KeyedRow): EncodedRow {
  return { event_id: row.event_id, project_id: row.project_id, occurred_at: row.occurred_at, json: JSON.stringify(row) };
}

/** The identity of a row: its event id (requests, whose ids ingress mints) ... */
export const byEventId = (r: { event_id: string }): string => r.event_id;
/** ... or its project and event id (SDK events, whose ids clients choose: two projects may pick the same). */
export const byProjectEvent = (r: { event_id: string; project_id: string }): string => `${r.project_id}/${r.event_id}`;

/**
 * The insert_deduplication_token of a set of rows: sha256 of their sorted keys. The same set retried (after a
 * timeout whose outcome is unknown) gets the same token, so ClickHouse drops the second insert in the table and
 * in the rollups fed by its materialized views.
 */
export function dedupToken(keys: readonly string[]): string {
  return createHash('sha256').update([...keys].sort().join('\n')).digest('hex');
}

/** Keeps the first row of each key (a batch may hold a redelivery of a message it already holds). */
export function uniqueByEventId<R extends { event_id: string }>(rows: readonly R[], keyOf: (r: R) => string = byEventId): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = keyOf(r);
    return !seen.has(k) && seen.add(k);
  });
}

/** Rows not stored yet: `stored` holds the keys already found in the table. */
export function unstored<R extends { event_id: string }>(rows: readonly R[], stored: ReadonlySet<string>, keyOf: (r: R) => string = byEventId): R[] {
  return rows.filter((r) => !stored.has(keyOf(r)));
}

/**
 * Bounds of a query that finds already-stored event ids through the table's sort key (project_id,
 * occurred_at, event_id) instead of scanning every event id kept: a redelivered event keeps its project and
 * occurrence time, so these bounds never miss it.
 */
export function lookupBounds(rows: readonly KeyedRow[]): { ids: string[]; projects: string[]; from: string; to: string } {
  let from = rows[0]?.occurred_at ?? '';
  let to = from;
  for (const r of rows) {
    if (r.occurred_at < from) from = r.occurred_at;
    if (r.occurred_at > to) to = r.occurred_at;
  }
  return { ids: rows.map((r) => r.event_id), projects: [...new Set(rows.map((r) => r.project_id))], from, to };
}

/** Longest id list written into a lookup's SQL text; past it the ids go as a query parameter. */
export const MAX_INLINE_IDS_CHARS = 100_000;

/**
 * The ids as the body of a ClickHouse `IN (...)` list of string literals, or undefined when that would be longer
 * than maxChars (ClickHouse parses at most max_query_size, 256 KiB by default, of a query's text). Binding a
 * thousand ids as an Array(String) parameter made the client escape them one character at a time: ~3 ms per
 * ingest batch, in one go, on the event loop that also answers requests. Here an id with nothing to escape (every
 * id ingress mints) is copied as it is; any other is escaped as a literal ClickHouse reads back exactly.
 */
export function inlineStringList(values: readonly string[], maxChars = MAX_INLINE_IDS_CHARS): string | undefined {
  let chars = 0;
  const parts: string[] = [];
  for (const v of values) {
    const lit = `'${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, escapeChar) : v}'`;
    chars += lit.length + (parts.length > 0 ? 1 : 0);
    if (chars > maxChars) return undefined;
    parts.push(lit);
  }
  return parts.join(',');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must be escaped
const NEEDS_ESCAPE = /[\\'\x00-\x1f\x7f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above
const ESCAPED = /[\\'\x00-\x1f\x7f]/g;
const escapeChar = (c: string): string => (c === '\\' || c === "'" ? `\\${c}` : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
