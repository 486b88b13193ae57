import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import type { StoreBodiesMode } from '@tollgate/db';
import { MAX_STORED_BODY_BYTES, storeBodiesMark } from '@tollgate/events';
import { CacheStatus, ErrorClass, type RequestCompleted, type ResponseTrailerLike } from './proto.ts';

/** What a project stores of request and response bodies (projects.store_bodies); absent: it did not choose. */
export type { StoreBodiesMode };

/** Whether ingress sends the bodies along for storage. */
export function storesBodies(mode: StoreBodiesMode | undefined): boolean {
  return mode === 'redacted' || mode === 'full';
}

export interface CapturedBody {
  bytes: Uint8Array;
  truncated: boolean;
}

/** Collects the first `max` bytes of a body that arrives in chunks, and whether there was more. */
export function captureBody(max = MAX_STORED_BODY_BYTES) {
  const parts: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  return {
    add(chunk: Uint8Array): void {
      const room = max - size;
      if (chunk.length > room) truncated = true;
      if (room <= 0) return;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      parts.push(part);
      size += part.length;
    },
    result(): CapturedBody {
      return { bytes: joinParts(parts, size), truncated };
    },
  };
}

/**
 * The parts as one body. A single part is kept as it is (a view of the socket's read buffer): a copy of each answer
 * of 4 KiB or more would be a fresh off-heap buffer, and V8 answers a fast stream of those with full collections.
 */
export function joinParts<T extends Uint8Array>(parts: T[], size: number): T | Buffer {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
}

/** A whole body cut to `max` bytes. */
export function capBody(bytes: Uint8Array, max = MAX_STORED_BODY_BYTES): CapturedBody {
  return bytes.length > max ? { bytes: bytes.subarray(0, max), truncated: true } : { bytes, truncated: false };
}

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
  /** The project's choice, from the key's identity (or ingress's default). */
  storeBodies?: StoreBodiesMode;
  /** The bodies for storage: set when the project stores them and cacheEntry (which then carries them) is not. */
  bodies?: { request: CapturedBody; response: CapturedBody };
  /** Admission's grant, settled against the real usage when the request ends (opaque here). */
  ticket?: unknown;
  /** The client's W3C traceparent, for the event's envelope ('' or absent for none). */
  traceparent?: string;
}

/**
 * The event of a finished request. Built as one object literal with every field, not with create(): protobuf-es
 * adds a message's fields one by one, which leaves a message of this many fields in V8's slow dictionary mode, and
 * this one is read by every consumer and held until ClickHouse has it.
 */
export function requestCompleted(f: CompletionFacts): RequestCompleted {
  const t = f.trailer;
  const latency = Math.max(0, Math.round(f.endedMs - f.startedMs));
  const errorClass = f.cancelled ? ErrorClass.CANCELLED : (f.errorClass ?? t?.errorClass ?? ErrorClass.NONE);
  const entry = f.cacheEntry;
  const bodies = f.bodies;
  return {
    $typeName: 'tollgate.v1.RequestCompleted',
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
    cacheEntry: entry && { $typeName: 'tollgate.v1.CacheEntry', request: entry.request, response: entry.response, contentType: entry.contentType, provider: entry.provider, model: entry.model },
    storeBodies: storeBodiesMark(f.storeBodies),
    bodies: bodies && {
      $typeName: 'tollgate.v1.RequestBodies',
      request: bodies.request.bytes,
      response: bodies.response.bytes,
      requestTruncated: bodies.request.truncated,
      responseTruncated: bodies.response.truncated,
    },
  };
}
