export {
  ALERTS_STREAM,
  ALERTS_SUBJECTS,
  buckets,
  DEAD_LETTER_HEADERS,
  DEADLETTER_STREAM,
  DEADLETTER_SUBJECTS,
  durables,
  EVENTS_STREAM,
  EVENTS_SUBJECTS,
  STREAMS,
  subjects,
} from './subjects.ts';
export { decodeEnvelope, decodePayload, encodeEvent, occurredAtMs, SCHEMA_VERSION, type EventMeta } from './envelope.ts';
export { uuidv7 } from './uuid.ts';
export { circuitAllows, decodeCircuit, encodeCircuit, type CircuitRecord, type CircuitState } from './circuits.ts';
