export { createIngest, type Ingest, type IngestDeps } from './ingest.ts';
export { MIGRATIONS_DIR } from './migrations.ts';
export { cacheStatusName, errorClassName, toRequestRow, type RequestRow } from './domain/row.ts';
