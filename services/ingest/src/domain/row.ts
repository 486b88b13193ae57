// Maps a RequestCompleted event to one row of ClickHouse's `requests` table (migrations/0001_requests.sql).
// Pure: the envelope carries the event id and the occurrence time, so replaying a stream yields the same rows.
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { type CacheStatus, CacheStatusSchema, type ErrorClass, ErrorClassSchema, type Envelope, type RequestCompleted } from '@tollgate/proto/events';

/** One `requests` row as sent in JSONEachRow. Int64 travels as a decimal string (JSON has no 64-bit ints). */
export interface RequestRow {
  event_id: string;
  request_id: string;
  project_id: string;
  key_id: string;
  /** 'YYYY-MM-DD hh:mm:ss.sss' in UTC, the text form DateTime64(3, 'UTC') parses exactly. */
  occurred_at: string;
  endpoint: string;
  model_requested: string;
  model_served: string;
  provider: string;
  status: number;
  error_class: string;
  error_message: string;
  tokens_in: number;
  tokens_out: number;
  cost_nanousd: string;
  latency_ms: number;
  ttft_ms: number;
  cache_status: string;
  streaming: boolean;
  attempts: number;
  attempts_json: string;
}

/** Longest error message kept; provider errors can carry whole HTML pages. */
export const MAX_ERROR_MESSAGE = 2048;

/** Throws a TypeError for an event that can never be stored (no id, no time): the caller terms it. */
export function toRequestRow(env: Envelope, ev: RequestCompleted): RequestRow {
  if (!env.id) throw new TypeError('envelope has no id');
  const occurredAtMs = eventTimeMs(env, ev);
  if (occurredAtMs <= 0) throw new TypeError('event has neither occurred_at nor started_at');
  return {
    event_id: env.id,
    request_id: ev.requestId,
    project_id: ev.projectId || env.projectId,
    key_id: ev.keyId,
    occurred_at: formatDateTime64(occurredAtMs),
    endpoint: ev.endpoint,
    model_requested: ev.modelRequested,
    model_served: ev.modelServed,
    provider: ev.provider,
    status: clamp(ev.status, 0xffff),
    error_class: errorClassName(ev.errorClass),
    error_message: ev.errorMessage.slice(0, MAX_ERROR_MESSAGE),
    tokens_in: ev.tokensIn,
    tokens_out: ev.tokensOut,
    cost_nanousd: ev.costNanousd.toString(),
    latency_ms: ev.latencyMs,
    ttft_ms: ev.ttftMs,
    cache_status: cacheStatusName(ev.cacheStatus),
    streaming: ev.streaming,
    attempts: clamp(ev.attempts.length, 0xff),
    attempts_json: JSON.stringify(
      ev.attempts.map((a) => ({
        provider: a.provider,
        model: a.model,
        status: a.status,
        error_class: errorClassName(a.errorClass),
        latency_ms: a.latencyMs,
      })),
    ),
  };
}

/** 'hit', 'miss', 'bypass', 'unspecified'; a value added to the proto after this build reads 'unknown'. */
export function cacheStatusName(v: CacheStatus): string {
  // Indexed by number: a value unknown to this build is absent at run time, whatever the type says.
  return enumName(CacheStatusSchema.value[v]?.localName);
}

/** 'none', 'upstream', 'timeout', 'rate_limited', ...; 'unknown' for a value this build does not know. */
export function errorClassName(v: ErrorClass): string {
  return enumName(ErrorClassSchema.value[v]?.localName);
}

function enumName(localName: string | undefined): string {
  return localName ? localName.toLowerCase() : 'unknown';
}

export function formatDateTime64(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

/** The envelope's occurrence time, falling back to the request's start when a producer left it unset. */
function eventTimeMs(env: Envelope, ev: RequestCompleted): number {
  if (env.occurredAt) return timestampMs(env.occurredAt);
  return ev.startedAt ? timestampMs(ev.startedAt) : 0;
}

function clamp(n: number, max: number): number {
  return Math.min(Math.max(0, n), max);
}
