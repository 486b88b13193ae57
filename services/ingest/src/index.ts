export { createIngest, type Ingest, type IngestDeps } from './ingest.ts';
export { MIGRATIONS_DIR } from './migrations.ts';
export { cacheStatusName, errorClassName, toRequestRow, type RequestRow } from './domain/row.ts';
export { toEventRow, type EventRow } from './domain/event-row.ts';
export { createRedactor, redact } from './domain/redact.ts';
export { toRequestBodyRow, type RequestBodyRow } from './domain/body-row.ts';
export type { StoreBodiesMode } from './domain/store-bodies.ts';
export { DEFAULT_RAW_RETENTION_DAYS, RAW_TABLES } from './domain/retention.ts';
