// Every error a client can see is a GatewayError of a named kind. The kind alone decides the HTTP status, the
// OpenAI error type and the gRPC status, here and nowhere else.

export type ErrorKind =
  | 'invalid_json'
  | 'invalid_request'
  | 'context_too_long'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'model_not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'budget_exceeded'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'unavailable'
  | 'internal';

interface KindInfo {
  status: number;
  type: string;
  code: string;
  /** gRPC status code (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
  grpc: number;
}

const KINDS: Record<ErrorKind, KindInfo> = {
  invalid_json: { status: 400, type: 'invalid_request_error', code: 'invalid_json', grpc: 3 },
  invalid_request: { status: 400, type: 'invalid_request_error', code: 'invalid_request', grpc: 3 },
  context_too_long: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded', grpc: 3 },
  unauthorized: { status: 401, type: 'authentication_error', code: 'invalid_api_key', grpc: 16 },
  forbidden: { status: 403, type: 'permission_error', code: 'forbidden', grpc: 7 },
  not_found: { status: 404, type: 'invalid_request_error', code: 'not_found', grpc: 5 },
  model_not_found: { status: 404, type: 'invalid_request_error', code: 'model_not_found', grpc: 5 },
  method_not_allowed: { status: 405, type: 'invalid_request_error', code: 'method_not_allowed', grpc: 12 },
  payload_too_large: { status: 413, type: 'invalid_request_error', code: 'payload_too_large', grpc: 8 },
  unsupported_media_type: { status: 415, type: 'invalid_request_error', code: 'unsupported_media_type', grpc: 3 },
  rate_limited: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', grpc: 8 },
  budget_exceeded: { status: 402, type: 'insufficient_quota', code: 'budget_exceeded', grpc: 9 },
  upstream_error: { status: 502, type: 'api_error', code: 'upstream_error', grpc: 14 },
  upstream_timeout: { status: 504, type: 'api_error', code: 'upstream_timeout', grpc: 4 },
  unavailable: { status: 503, type: 'api_error', code: 'service_unavailable', grpc: 14 },
  internal: { status: 500, type: 'api_error', code: 'internal_error', grpc: 13 },
};

export class GatewayError extends Error {
  readonly kind: ErrorKind;
  /** Optional name of the offending request field (OpenAI's `param`). */
  readonly param: string | undefined;
  /** Response headers the HTTP layer sets with this error (e.g. `retry-after`, `x-ratelimit-*` on a 429). */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(kind: ErrorKind, message: string, opts: { cause?: unknown; param?: string; headers?: Record<string, string> } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.param = opts.param;
    this.headers = opts.headers;
  }

  get status(): number {
    return KINDS[this.kind].status;
  }

  get grpcStatus(): number {
    return KINDS[this.kind].grpc;
  }

  /** The body clients receive: OpenAI's error shape. */
  toJSON(): { error: { message: string; type: string; code: string; param: string | null } } {
    const k = KINDS[this.kind];
    return { error: { message: this.message, type: k.type, code: k.code, param: this.param ?? null } };
  }
}

/** Any thrown value as a GatewayError; unknown errors become `internal` without leaking their message. */
export function toGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  return new GatewayError('internal', 'internal error', { cause: err });
}

/** The status, type and code that a kind maps to (for callers that build error bodies elsewhere, e.g. router). */
export function errorInfo(kind: ErrorKind): Readonly<KindInfo> {
  return KINDS[kind];
}

/** An OpenAI-shaped error body for a status, for errors that arrive as a status only (e.g. from upstream). */
export function errorBody(kind: ErrorKind, message: string): string {
  return JSON.stringify(new GatewayError(kind, message).toJSON());
}
