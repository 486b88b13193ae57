import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { LookupResponseSchema } from '@tollgate/proto/cache';
import type { CachedResponse } from '../store.ts';

// A stored entry is one binary value: the protobuf LookupResponse (hit = true). Bodies stay raw bytes (no
// base64), and the format is the one the cache answers with, so it is versioned by the proto's rules.

export function encodeEntry(v: CachedResponse): Uint8Array {
  return toBinary(LookupResponseSchema, create(LookupResponseSchema, { hit: true, ...v }));
}

/** Undefined for bytes that are not an entry (written by something else, or corrupted). */
export function decodeEntry(bytes: Uint8Array): CachedResponse | undefined {
  try {
    const m = fromBinary(LookupResponseSchema, bytes);
    if (!m.hit) return undefined;
    // A plain Uint8Array view, whatever subclass (e.g. Buffer) the bytes came in.
    const response = new Uint8Array(m.response.buffer, m.response.byteOffset, m.response.byteLength);
    return { response, contentType: m.contentType, provider: m.provider, model: m.model };
  } catch {
    return undefined;
  }
}
