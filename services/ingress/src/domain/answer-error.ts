import { type ErrorKind, GatewayError } from '@tollgate/errors';
import { isObject } from './fields.ts';

// An error answer from the router (an error status head and an OpenAI-shaped body) as a GatewayError, for doors
// that do not pass OpenAI's body through (gRPC); and any GatewayError in Anthropic's error shape.

const BY_STATUS: Record<number, ErrorKind> = {
  400: 'invalid_request',
  401: 'unauthorized',
  402: 'budget_exceeded',
  403: 'forbidden',
  404: 'model_not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  502: 'upstream_error',
  503: 'unavailable',
  504: 'upstream_timeout',
};

export function errorFromAnswer(status: number, body: Uint8Array | string): GatewayError {
  const kind = BY_STATUS[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request');
  let message = `the provider answered ${status}`;
  let param: string | undefined;
  try {
    const json = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body));
    const e = isObject(json) && isObject(json.error) ? json.error : undefined;
    if (e && typeof e.message === 'string') message = e.message;
    if (e && typeof e.param === 'string') param = e.param;
  } catch {
    // not JSON: keep the generic message
  }
  return new GatewayError(kind, message, { param });
}

/** Anthropic's error types by HTTP status (https://docs.anthropic.com/en/api/errors). */
const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'request_too_large',
  415: 'invalid_request_error',
  429: 'rate_limit_error',
  503: 'overloaded_error',
  504: 'timeout_error',
};

export function anthropicErrorType(status: number): string {
  return ANTHROPIC_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** `{"type":"error","error":{"type","message"}}`; a named field is kept in the message. */
export function anthropicError(e: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  const message = e.param && !e.message.includes(`\`${e.param}\``) ? `${e.param}: ${e.message}` : e.message;
  return { type: 'error', error: { type: anthropicErrorType(e.status), message } };
}
