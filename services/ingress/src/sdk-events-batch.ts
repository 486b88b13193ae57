// A batch of SDK events: `{"events": [...], "project_id"?}`. Pure. Each event is validated on its own, so one
// bad event rejects only itself; a repeated event_id is counted as a duplicate and sent on once.
import { GatewayError } from '@tollgate/errors';
import { isObject } from './sdk-events-fields.ts';
import { DEFAULT_SDK_EVENT_LIMITS, type SdkEventInput, type SdkEventLimits, validateSdkEvent } from './sdk-events-validate.ts';

export interface Rejection {
  index: number;
  /** The event_id as sent, when it was a string. */
  event_id: string | null;
  /** The offending field, e.g. `events[3].tokens_input`. */
  param: string;
  message: string;
}

export interface BatchOutcome {
  /** The project_id sent beside `events`, if any. */
  projectId: string | undefined;
  /** Valid events, first occurrence of each event_id, in request order. */
  events: SdkEventInput[];
  /** Index in the request of each of `events`. */
  indexes: number[];
  duplicates: number;
  rejected: Rejection[];
}

export function validateBatch(body: unknown, nowMs: number, limits: SdkEventLimits = DEFAULT_SDK_EVENT_LIMITS): BatchOutcome {
  if (!isObject(body)) throw new GatewayError('invalid_request', 'the request body must be a JSON object {"events": [...]}');
  const list = body.events;
  if (!Array.isArray(list) || list.length === 0) throw new GatewayError('invalid_request', '`events` must be a non-empty array', { param: 'events' });
  if (list.length > limits.maxEventsPerBatch) {
    throw new GatewayError('payload_too_large', `a batch holds at most ${limits.maxEventsPerBatch} events, got ${list.length}`, { param: 'events' });
  }
  const pid = body.project_id;
  if (pid !== undefined && pid !== null && typeof pid !== 'string') throw new GatewayError('invalid_request', '`project_id` must be a string', { param: 'project_id' });
  const out: BatchOutcome = { projectId: pid ?? undefined, events: [], indexes: [], duplicates: 0, rejected: [] };
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    const v = validateSdkEvent(raw, nowMs, limits);
    if (!v.ok) {
      const id = isObject(raw) && typeof raw.event_id === 'string' ? raw.event_id : null;
      out.rejected.push({ index, event_id: id, param: v.field ? `events[${index}].${v.field}` : `events[${index}]`, message: v.message });
    } else if (seen.has(v.event.eventId)) out.duplicates++;
    else {
      seen.add(v.event.eventId);
      out.events.push(v.event);
      out.indexes.push(index);
    }
  });
  return out;
}

/** A project_id sent in a body must be the key's own project: a key writes to its project only. */
export function checkProject(sent: string | undefined, keyProject: string, param: string): void {
  if (sent !== undefined && sent !== keyProject) {
    throw new GatewayError('forbidden', `\`${param}\` is not the project of this API key`, { param });
  }
}
