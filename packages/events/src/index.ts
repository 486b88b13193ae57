export { EVENTS_STREAM, EVENTS_SUBJECTS, buckets, durables, subjects } from './subjects.ts';
export { decodeEnvelope, decodePayload, encodeEvent, occurredAtMs, SCHEMA_VERSION, type EventMeta } from './envelope.ts';
export { uuidv7 } from './uuid.ts';
