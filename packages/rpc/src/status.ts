import { status as Status } from '@grpc/grpc-js';
import { type ErrorKind, errorInfo, GatewayError } from '@tollgate/errors';
import { PARAM_KEY } from './codec.ts';

// gRPC status -> GatewayError kind, for errors that did not come from a Tollgate server (no kind in the
// trailers): the channel could not connect, the deadline passed, the peer crashed.
const BY_STATUS: Partial<Record<number, ErrorKind>> = {
  [Status.INVALID_ARGUMENT]: 'invalid_request',
  [Status.DEADLINE_EXCEEDED]: 'upstream_timeout',
  [Status.NOT_FOUND]: 'not_found',
  [Status.PERMISSION_DENIED]: 'forbidden',
  [Status.RESOURCE_EXHAUSTED]: 'rate_limited',
  [Status.UNAUTHENTICATED]: 'unauthorized',
  [Status.UNAVAILABLE]: 'unavailable',
  [Status.CANCELLED]: 'unavailable',
};

/**
 * The GatewayError for a failed call. A kind sent by a Tollgate server wins and keeps its message (it was
 * written for clients). Otherwise the kind follows the status and the message names only the service: grpc-js
 * details can hold internal addresses, which must not reach a client (they stay in `cause`).
 */
export function fromGrpcError(err: { code?: number; details?: string; metadata?: { get(k: string): unknown[] } }, service: string, kindKey: string): GatewayError {
  const sent = err.metadata?.get(kindKey)[0];
  const param = err.metadata?.get(PARAM_KEY)[0];
  if (typeof sent === 'string' && isKind(sent)) return new GatewayError(sent, err.details ?? '', { cause: err, param: typeof param === 'string' ? param : undefined });
  const kind = BY_STATUS[err.code ?? -1] ?? 'internal';
  const what = kind === 'upstream_timeout' ? 'timed out' : kind === 'unavailable' ? 'is unavailable' : 'failed';
  return new GatewayError(kind, `${service} ${what}`, { cause: err });
}

function isKind(s: string): s is ErrorKind {
  return typeof (errorInfo(s as ErrorKind) as { status?: unknown } | undefined)?.status === 'number';
}
