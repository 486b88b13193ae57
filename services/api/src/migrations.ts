import { fileURLToPath } from 'node:url';

/** Postgres migrations owned by the api service (the only writer of Postgres): forward-only, numbered. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
