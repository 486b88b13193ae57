import { create } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { CacheStatus, ErrorClass, RequestCompletedSchema, type RequestCompleted, type ResponseTrailerLike } from './proto.ts';

/** What ingress knows about one request when it ends; turned into the RequestCompleted event. */
export interface CompletionFacts {
  requestId: string;
  projectId: string;
  keyId: string;
  endpoint: string;
  model: string;
  startedMs: number;
  endedMs: number;
  status: number;
  streaming: boolean;
  cache: 'hit' | 'miss' | 'bypass';
  /** From the router (misses) or the cache entry (hits). */
  trailer?: ResponseTrailerLike;
  provider: string;
  /** Client went away before the answer ended. */
  cancelled: boolean;
  /** Error of the gateway itself (validation never reaches here: only admitted requests are events). */
  errorClass?: ErrorClass;
  errorMessage?: string;
  cacheEntry?: { request: Uint8Array; response: Uint8Array; contentType: string; provider: string; model: string };
  /** Admission's grant, settled against the real usage when the request ends (opaque here). */
  ticket?: unknown;
}

export function requestCompleted(f: CompletionFacts): RequestCompleted {
  const t = f.trailer;
  const latency = Math.max(0, Math.round(f.endedMs - f.startedMs));
  const errorClass = f.cancelled ? ErrorClass.CANCELLED : (f.errorClass ?? t?.errorClass ?? ErrorClass.NONE);
  return create(RequestCompletedSchema, {
    requestId: f.requestId,
    projectId: f.projectId,
    keyId: f.keyId,
    endpoint: f.endpoint,
    modelRequested: f.model,
    modelServed: t?.model ?? '',
    provider: t?.provider || f.provider,
    status: f.cancelled ? 499 : f.status,
    errorClass,
    errorMessage: f.errorMessage ?? t?.errorMessage ?? '',
    tokensIn: f.cache === 'hit' ? 0 : (t?.tokensIn ?? 0),
    tokensOut: f.cache === 'hit' ? 0 : (t?.tokensOut ?? 0),
    costNanousd: f.cache === 'hit' ? 0n : (t?.costNanousd ?? 0n),
    latencyMs: latency,
    ttftMs: f.streaming && t?.ttftMs ? t.ttftMs : latency,
    cacheStatus: f.cache === 'hit' ? CacheStatus.HIT : f.cache === 'miss' ? CacheStatus.MISS : CacheStatus.BYPASS,
    streaming: f.streaming,
    attempts: t?.attempts ?? [],
    startedAt: timestampFromMs(f.startedMs),
    cacheEntry: f.cacheEntry,
  });
}
