export {
  ALERTS_STREAM,
  ALERTS_SUBJECTS,
  BUCKET_TTL_MS,
  buckets,
  DEAD_LETTER_HEADERS,
  DEADLETTER_STREAM,
  DEADLETTER_SUBJECTS,
  durables,
  ensureStreams,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  STREAMS,
  subjects,
} from './subjects.ts';
export { decodeEnvelope, decodePayload, encodeEvent, type EventMeta, occurredAtMs, OutgoingEvent, readEvent, SCHEMA_VERSION } from './envelope.ts';
export { uuidv7 } from './uuid.ts';
export { circuitAllows, decodeCircuit, encodeCircuit, watchCircuitRecords, type CircuitRecord, type CircuitState } from './circuits.ts';
export { type ConfigChange, decodeChange, type KeyChangeKind, type ProjectChangeKind, watchConfigChanges, type WatchOptions } from './config-changes.ts';
export { MAX_STORED_BODY_BYTES, storeBodiesMark, storeBodiesOfMark } from './store-bodies.ts';
