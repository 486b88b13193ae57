import { create, fromBinary, toBinary, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { timestampFromMs, timestampMs } from '@bufbuild/protobuf/wkt';
import type { LocalMessage } from '@tollgate/bus';
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

/**
 * An event on its way to the bus: its envelope and payload as objects. Published as they are, they reach the
 * consumers of the in-process bus without being encoded or decoded; encode() gives the wire bytes (once) for
 * JetStream or for a consumer that reads them.
 */
export class OutgoingEvent<S extends DescMessage = DescMessage> implements LocalMessage {
  readonly id: string;
  /** Every field but the payload bytes (empty: the payload is `payload`). */
  readonly envelope: Envelope;
  readonly schema: S;
  readonly payload: MessageShape<S>;
  constructor(schema: S, payload: MessageShape<S>, meta: EventMeta) {
    this.id = meta.id ?? uuidv7(meta.nowMs);
    this.schema = schema;
    this.payload = payload;
    this.envelope = create(EnvelopeSchema, {
      id: this.id,
      type: schema.typeName,
      occurredAt: timestampFromMs(meta.nowMs),
      projectId: meta.projectId,
      traceparent: meta.traceparent ?? '',
      schemaVersion: SCHEMA_VERSION,
    });
  }
  encode(): Uint8Array {
    return writeEnvelope(this.envelope, toBinary(this.schema, this.payload));
  }
}

/** Wraps a payload message in an Envelope and serializes both. */
export function encodeEvent<S extends DescMessage>(schema: S, payload: MessageShape<S>, meta: EventMeta): { id: string; bytes: Uint8Array } {
  const ev = new OutgoingEvent(schema, payload, meta);
  return { id: ev.id, bytes: ev.encode() };
}

/**
 * The Envelope's wire form, as toBinary(EnvelopeSchema) writes it (proto3: empty fields omitted, fields in number
 * order), through one writer whose buffer is reused: every event is encoded with one allocation of its exact size
 * instead of a fresh writer growing from 128 bytes.
 */
let writer = new BinaryWriter();
function writeEnvelope(env: Envelope, payload: Uint8Array): Uint8Array {
  const w = writer;
  const LEN = WireType.LengthDelimited;
  if (env.id) w.tag(1, LEN).string(env.id);
  if (env.type) w.tag(2, LEN).string(env.type);
  if (env.occurredAt) {
    w.tag(3, LEN).fork();
    if (env.occurredAt.seconds !== 0n) w.tag(1, WireType.Varint).int64(env.occurredAt.seconds);
    if (env.occurredAt.nanos !== 0) w.tag(2, WireType.Varint).int32(env.occurredAt.nanos);
    w.join();
  }
  if (env.projectId) w.tag(4, LEN).string(env.projectId);
  if (env.traceparent) w.tag(5, LEN).string(env.traceparent);
  if (env.schemaVersion !== 0) w.tag(6, WireType.Varint).uint32(env.schemaVersion);
  if (payload.length) w.tag(7, LEN).bytes(payload);
  const bytes = w.finish();
  if (bytes.length > 1 << 20) writer = new BinaryWriter(); // do not keep a huge buffer for one huge event
  return bytes;
}

export function decodeEnvelope(bytes: Uint8Array): Envelope {
  return fromBinary(EnvelopeSchema, bytes);
}

/**
 * The envelope and payload of a delivery: the publisher's own objects when the event never left this process
 * (read them, never change them: other consumers share them), else decoded from its bytes. Throws on bytes that
 * are not an event of `schema`'s type.
 */
export function readEvent<S extends DescMessage>(schema: S, d: { readonly data: Uint8Array; readonly local?: LocalMessage }): { env: Envelope; payload: MessageShape<S> } {
  const local = d.local;
  if (local instanceof OutgoingEvent) {
    if (local.schema.typeName !== schema.typeName) throw new TypeError(`expected ${schema.typeName}, got ${local.schema.typeName}`);
    return { env: local.envelope, payload: local.payload as MessageShape<S> };
  }
  const env = decodeEnvelope(d.data);
  return { env, payload: decodePayload(schema, env) };
}

/** Decodes an envelope's payload, checking that it holds the expected type. */
export function decodePayload<S extends DescMessage>(schema: S, env: Envelope): MessageShape<S> {
  if (env.type !== schema.typeName) throw new TypeError(`expected ${schema.typeName}, got ${env.type}`);
  return fromBinary(schema, env.payload);
}

export function occurredAtMs(env: Envelope): number {
  return env.occurredAt ? timestampMs(env.occurredAt) : 0;
}
