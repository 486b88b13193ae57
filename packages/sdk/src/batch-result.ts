import type { BatchResult, RejectedItem } from './types.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Reads the gateway's answer to a batch (services/ingress/src/sdk-events.ts): 202 `{accepted, duplicates,
 * rejected}` counts, and on 207 also `errors: [{index, event_id, param: "events[3].tokens_input", message}]`.
 * `field` is the param without its `events[i].` prefix (the index already says which item).
 */
export function parseBatchResult(body: unknown, sent: number): BatchResult {
  const b = isObj(body) ? body : {};
  const list = Array.isArray(b.errors) ? b.errors : Array.isArray(b.rejected) ? b.rejected : [];
  const rejected: RejectedItem[] = list.filter(isObj).map((r) => {
    const param = str(r.param) ?? str(r.field);
    return {
      index: num(r.index) ?? -1,
      event_id: str(r.event_id),
      reason: str(r.message) ?? str(r.reason) ?? 'rejected',
      field: param?.replace(/^events\[\d+\]\.?/, '') || undefined,
    };
  });
  const accepted = num(b.accepted) ?? Math.max(0, sent - rejected.length);
  return { accepted, duplicates: num(b.duplicates) ?? 0, rejected, raw: body };
}

/** True when a non-2xx body still carries per-item results. */
export const hasItemResults = (body: unknown): boolean => isObj(body) && (Array.isArray(body.errors) || Array.isArray(body.rejected));
