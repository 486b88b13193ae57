import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import { EnvelopeSchema, type Envelope } from '@tollgate/proto/events';
import { uuidv7 } from './uuid.ts';

export const SCHEMA_VERSION = 1;

export interface EventMeta {
  projectId: string;
  /** Milliseconds since the epoch; passed in so that callers (and tests) own the clock. */
  nowMs: number;
  traceparent?: string;
  /** Defaults to a fresh UUIDv7. */
  id?: string;
}

/** Wraps a payload message in an Envelope and serializes both. */
export function encodeEvent<S extends DescMessage>(schema: S, payload: MessageShape<S>, meta: EventMeta): { id: string; bytes: Uint8Array } {
  const id = meta.id ?? uuidv7(meta.nowMs);
  const env = create(EnvelopeSchema, {
    id,
    type: schema.typeName,
    occurredAt: timestampFromMs(meta.nowMs),
    projectId: meta.projectId,
    traceparent: meta.traceparent ?? '',
    schemaVersion: SCHEMA_VERSION,
    payload: toBinary(schema, payload),
  });
  return { id, bytes: toBinary(EnvelopeSchema, env) };
}

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  return fromBinary(EnvelopeSchema, bytes);
}

/** Decodes an envelope's payload, checking that it holds the expected type. */
export function decodePayload<S extends DescMessage>(schema: S, env: Envelope): MessageShape<S> {
  if (env.type !== schema.typeName) throw new TypeError(`expected ${schema.typeName}, got ${env.type}`);
  return fromBinary(schema, env.payload);
}

export function occurredAtMs(env: Envelope): number {
  return env.occurredAt ? timestampMs(env.occurredAt) : 0;
}
