// Kysely table types for the Postgres schema that services/api's migrations create. services/api is the only
// writer; ingress reads api_keys through findKeyByHash. Keep in step with services/api/migrations/*.sql.

import type { ColumnType, Generated } from 'kysely';

/** A timestamptz read as a Date; written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ProjectsTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  project_id: string;
  name: string;
  /** sha256 hex of the key; the plaintext is never stored. */
  key_hash: string;
  /** First characters of the key, for display. */
  prefix: string;
  created_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface SettingsTable {
  name: string;
  value: string;
}

export interface MigrationsTable {
  version: number;
  name: string;
  sha256: string;
  applied_at: Generated<Date>;
}

export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
  tg_migrations: MigrationsTable;
}
