export { EVENTS_STREAM, EVENTS_SUBJECTS, buckets, durables, subjects } from './subjects.ts';
export { decodeEnvelope, decodePayload, encodeEvent, occurredAtMs, SCHEMA_VERSION, type EventMeta } from './envelope.ts';
export { uuidv7 } from './uuid.ts';
export { circuitAllows, decodeCircuit, encodeCircuit, type CircuitRecord, type CircuitState } from './circuits.ts';
