import { fileURLToPath } from 'node:url';

/** ClickHouse schema owned by ingest: forward-only numbered SQL files, applied by @tollgate/db's runner. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));
