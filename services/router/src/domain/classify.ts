import { errorBody, errorInfo, type ErrorKind } from '@tollgate/errors';
import { ErrorClass } from '@tollgate/proto/events';

// The one mapping from what went wrong upstream to what the client sees (status, OpenAI error body) and what
// analytics record (ErrorClass). Upstream bodies are never passed through: they may name internal hosts or echo
// the gateway's provider credentials.

/** Named reasons an upstream call failed; retry and fallback decisions read them (domain/retry.ts). */
export type Reason =
  | 'auth'
  | 'quota'
  | 'rate_limited'
  | 'bad_request'
  | 'context_too_long'
  | 'not_found'
  | 'too_large'
  | 'server_error'
  | 'timeout'
  | 'malformed'
  | 'connection'
  | 'cut'
  | 'stream_error'
  | 'cancelled'
  | 'circuit_open'
  | 'unsupported'
  | 'internal';

export interface Failure {
  kind: ErrorKind;
  errorClass: ErrorClass;
  reason?: Reason;
  message: string;
  /** OpenAI error `code` when it differs from the kind's own (e.g. circuit_open). */
  code?: string;
  /** Seconds the client should wait before retrying, 0 if unknown. */
  retryAfterS: number;
  /** The provider's own retry delay in ms when it gave one more precisely (retry-after-ms). */
  retryAfterMs?: number;
}

/** The HTTP status the client gets for a failure. */
export function failureStatus(f: Failure): number {
  return errorInfo(f.kind).status;
}

/** The OpenAI-shaped error body for a failure. */
export function failureBody(f: Failure): string {
  if (!f.code) return errorBody(f.kind, f.message);
  return JSON.stringify({ error: { message: f.message, type: errorInfo(f.kind).type, code: f.code, param: null } });
}

// Provider wording (OpenAI, Azure, Anthropic, Gemini, Mistral, Groq, ...) for errors whose status says too little.
const CONTEXT_TOO_LONG = /context_length_exceeded|prompt is too long|maximum context length|context window|too many tokens|exceeds the maximum (number of )?tokens|input is too long|string_above_max_length/i;
const QUOTA = /insufficient_quota|credit balance is too low|exceeded your current quota|billing|out of credits/i;
const BAD_KEY = /api[ _-]?key not valid|invalid api[ _-]?key|API_KEY_INVALID|incorrect api key/i;

/**
 * A non-2xx upstream answer. `upstreamMessage` is the provider's error message (and `code` its error code or
 * type), kept for the client only for 400s (the client's own mistake, which it needs to see) and only when
 * safeMessage accepts it.
 */
export function classifyStatus(status: number, upstreamMessage: string | undefined, retryAfterS: number, code = ''): Failure {
  const said = `${code} ${upstreamMessage ?? ''}`;
  if ((status === 400 || status === 413 || status === 422) && CONTEXT_TOO_LONG.test(said)) {
    return fail('context_too_long', ErrorClass.BAD_REQUEST, safeMessage(upstreamMessage) ?? "the prompt is longer than the model's context window", 'context_too_long');
  }
  if (status === 402 || ((status === 400 || status === 403 || status === 429) && QUOTA.test(said))) {
    return fail('upstream_error', ErrorClass.QUOTA, "the gateway's provider account is out of quota or credits", 'quota');
  }
  if (status === 401 || status === 403 || (status === 400 && BAD_KEY.test(said))) return fail('upstream_error', ErrorClass.AUTH, "the provider rejected the gateway's credentials", 'auth');
  if (status === 400 || status === 422) return fail('invalid_request', ErrorClass.BAD_REQUEST, safeMessage(upstreamMessage) ?? 'the provider rejected the request', 'bad_request');
  if (status === 404) return fail('model_not_found', ErrorClass.NOT_FOUND, 'the provider does not know this model or endpoint', 'not_found');
  if (status === 408 || status === 504) return fail('upstream_timeout', ErrorClass.TIMEOUT, 'the provider timed out', 'timeout');
  if (status === 413) return fail('payload_too_large', ErrorClass.TOO_LARGE, 'the provider rejected the request as too large', 'too_large');
  if (status === 429) return { ...fail('rate_limited', ErrorClass.RATE_LIMITED, 'the provider is rate limiting requests', 'rate_limited'), retryAfterS };
  const server = status >= 500;
  return fail('upstream_error', ErrorClass.UPSTREAM, `the provider answered ${server ? 'with a server error' : 'unexpectedly'} (${status})`, server ? 'server_error' : 'malformed');
}

/** Why an upstream call produced no usable answer, when no status says it. */
export type Fault = 'timeout' | 'cancelled' | 'connection' | 'malformed' | 'cut' | 'stream_error' | 'internal';

export function classifyFault(fault: Fault): Failure {
  switch (fault) {
    case 'timeout':
      return fail('upstream_timeout', ErrorClass.TIMEOUT, 'the provider did not answer in time', fault);
    case 'cancelled':
      return fail('upstream_error', ErrorClass.CANCELLED, 'the request was cancelled by the client', fault);
    case 'connection':
      return fail('upstream_error', ErrorClass.CONNECTION, 'could not reach the provider', fault);
    case 'malformed':
      return fail('upstream_error', ErrorClass.UPSTREAM, 'the provider sent a malformed response', fault);
    case 'cut':
      return fail('upstream_error', ErrorClass.UPSTREAM, 'the provider ended the stream before it was complete', fault);
    case 'stream_error':
      return fail('upstream_error', ErrorClass.UPSTREAM, 'the provider reported an error during the stream', fault);
    case 'internal':
      return fail('internal', ErrorClass.INTERNAL, 'internal error', fault);
  }
}

// undici and node error codes that mean the provider could not be reached or dropped the connection.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** The fault behind a thrown transport error; the caller says whether its deadline or its client aborted. */
export function faultOf(err: unknown, state: { timedOut: boolean; cancelled: boolean }): Fault {
  if (state.timedOut) return 'timeout';
  if (state.cancelled) return 'cancelled';
  const code = (err as { code?: unknown })?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return 'timeout';
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return 'connection';
  return 'internal';
}

export function circuitOpen(provider: string, retryAfterS: number): Failure {
  return { kind: 'unavailable', errorClass: ErrorClass.CIRCUIT_OPEN, reason: 'circuit_open', code: 'circuit_open', message: `provider ${provider} is failing; requests are paused`, retryAfterS };
}

/**
 * A target naming a project credential that no longer exists or cannot be decrypted: it is not called, and the
 * next target is tried (reason auth, as for a key the provider rejects). The message names the credential only.
 */
export function credentialUnusable(message: string): Failure {
  return { kind: 'upstream_error', errorClass: ErrorClass.AUTH, reason: 'auth', code: 'credential_unavailable', message, retryAfterS: 0 };
}

export function modelNotFound(message: string): Failure {
  return fail('model_not_found', ErrorClass.NOT_FOUND, message, 'not_found');
}

/** The request cannot be expressed in this provider's format (an endpoint or content it does not support). */
export function unsupported(message: string): Failure {
  return fail('invalid_request', ErrorClass.BAD_REQUEST, message, 'unsupported');
}

/** Retry-After as whole seconds (delta-seconds or an HTTP date), 0 when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number {
  if (!value) return 0;
  const s = value.trim();
  if (/^\d+$/.test(s)) return Math.min(Number(s), 86_400);
  const at = Date.parse(s);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.min(Math.ceil((at - nowMs) / 1000), 86_400));
}

/** An upstream message fit to show the client: a short string that names no URL, host or key. */
export function safeMessage(m: unknown): string | undefined {
  if (typeof m !== 'string' || m.length === 0 || m.length > 300) return undefined;
  if (/https?:\/\/|\bsk-[\w-]{6,}|\bBearer\b|\b\d{1,3}(\.\d{1,3}){3}\b/i.test(m)) return undefined;
  return m;
}

function fail(kind: ErrorKind, errorClass: ErrorClass, message: string, reason: Reason): Failure {
  return { kind, errorClass, reason, message, retryAfterS: 0 };
}
