// Maps a RequestCompleted event to its row of `request_bodies` (migrations/0004_request_bodies.sql), or to none
// when its project stores no bodies. Pure: the same event always yields the same row.
import type { RequestCompleted } from '@tollgate/proto/events';
import type { RequestRow } from './row.ts';
import { type StoreBodiesMode, storeBodiesMode, storedBody } from './store-bodies.ts';

/** One `request_bodies` row as sent in JSONEachRow. */
export interface RequestBodyRow {
  event_id: string;
  request_id: string;
  project_id: string;
  occurred_at: string;
  mode: StoreBodiesMode;
  request: string;
  response: string;
  truncated: boolean;
}

export interface BodyRowOptions {
  /** For events marked "unspecified" (TOLLGATE_STORE_BODIES). */
  defaultStoreBodies: StoreBodiesMode;
  redact: (text: string) => string;
}

/**
 * The bodies travel in `bodies` when the project stores them, or in `cache_entry` when the answer may be cached
 * (ingress does not send them twice). `row` is the event's `requests` row: the same id, project and time.
 */
export function toRequestBodyRow(row: RequestRow, ev: RequestCompleted, opts: BodyRowOptions): RequestBodyRow | undefined {
  const mode = storeBodiesMode(ev.storeBodies, opts.defaultStoreBodies);
  if (mode === 'off') return undefined;
  const src = ev.bodies ?? (ev.cacheEntry && { request: ev.cacheEntry.request, response: ev.cacheEntry.response, requestTruncated: false, responseTruncated: false });
  if (!src) return undefined;
  const request = storedBody(mode, src.request, opts.redact);
  const response = storedBody(mode, src.response, opts.redact);
  return {
    event_id: row.event_id,
    request_id: row.request_id,
    project_id: row.project_id,
    occurred_at: row.occurred_at,
    mode,
    request: request.text,
    response: response.text,
    truncated: src.requestTruncated || src.responseTruncated || request.truncated || response.truncated,
  };
}
