// SDK event ingestion: POST /v1/projects/{id}/events (one event) and POST /v1/events/batch. Transport only:
// validation is in sdk-events-validate.ts / sdk-events-batch.ts. Unlike chat requests, the answer waits for the
// bus: 202 means every accepted event is durably on the bus; a failed publish is a 503 the SDK retries, and the
// retry is stored once (events are deduplicated by event_id on the bus and in ClickHouse).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Publisher } from '@tollgate/bus';
import { GatewayError } from '@tollgate/errors';
import type { ApiKeyIdentity } from './auth.ts';
import { parseJson, readBody } from './body.ts';
import type { StoreBodiesMode } from './domain/completion.ts';
import { checkProject, validateBatch } from './sdk-events-batch.ts';
import { busBacklogged, overloaded } from './overload.ts';
import { outgoing } from './sdk-events-message.ts';
import { DEFAULT_SDK_EVENT_LIMITS, type SdkEventInput, type SdkEventLimits, validateSdkEvent } from './sdk-events-validate.ts';

export const SDK_EVENTS_BATCH_PATH = '/v1/events/batch';
const SINGLE_PATH = /^\/v1\/projects\/([^/]+)\/events$/;

export interface SdkEventsDeps {
  auth: { authenticate(authorization: string | undefined): Promise<ApiKeyIdentity> };
  publisher: Publisher;
  maxBodyBytes: number;
  now: () => number;
  limits?: SdkEventLimits;
  /** store_bodies of projects that did not choose (TOLLGATE_STORE_BODIES); absent: events say "unspecified". */
  defaultStoreBodies?: StoreBodiesMode;
}

/** Whether a path is one of the SDK event endpoints (matched before the /v1/projects/* forward to api). */
export function isSdkEventsPath(path: string): boolean {
  return path === SDK_EVENTS_BATCH_PATH || SINGLE_PATH.test(path);
}

export async function handleSdkEvents(deps: SdkEventsDeps, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (req.method !== 'POST') throw new GatewayError('method_not_allowed', 'use POST for this endpoint');
  const key = await deps.auth.authenticate(req.headers.authorization);
  const who = { ...key, storeBodies: key.storeBodies ?? deps.defaultStoreBodies };
  const limits = deps.limits ?? DEFAULT_SDK_EVENT_LIMITS;
  const single = SINGLE_PATH.exec(path);
  if (single) checkProject(decodeURIComponent(single[1]), who.projectId, 'project_id');
  const body = parseJson(await readBody(req, deps.maxBodyBytes));
  const nowMs = deps.now();
  if (single) {
    const v = validateSdkEvent(body, nowMs, limits);
    if (!v.ok) throw new GatewayError('invalid_request', v.message, v.field ? { param: v.field } : {});
    checkProject(v.event.projectId, who.projectId, 'project_id');
    await publish(deps.publisher, [v.event], who, nowMs);
    return send(res, 202, { accepted: 1, duplicates: 0, rejected: 0, event_id: v.event.eventId });
  }
  const batch = validateBatch(body, nowMs, limits);
  checkProject(batch.projectId, who.projectId, 'project_id');
  for (const [i, e] of batch.events.entries()) checkProject(e.projectId, who.projectId, `events[${batch.indexes[i]}].project_id`);
  await publish(deps.publisher, batch.events, who, nowMs);
  const counts = { accepted: batch.events.length, duplicates: batch.duplicates, rejected: batch.rejected.length };
  send(res, batch.rejected.length ? 207 : 202, batch.rejected.length ? { ...counts, errors: batch.rejected } : counts);
}

async function publish(publisher: Publisher, events: SdkEventInput[], who: ApiKeyIdentity, nowMs: number): Promise<void> {
  if (busBacklogged(publisher)) throw overloaded();
  const results = await Promise.allSettled(
    events.map((e) => {
      const o = outgoing(e, who, nowMs);
      return publisher.publish(o.subject, o.bytes, { id: o.publishId });
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    throw new GatewayError('unavailable', 'the events could not be queued; retry the request (events are deduplicated by event_id)', { cause: failed.reason });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
