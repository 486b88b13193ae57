// Kysely table types for the Postgres schema that services/api's migrations create. services/api is the only
// writer; ingress reads api_keys through findKeyByHash. Keep in step with services/api/migrations/*.sql.

import type { ColumnType, Generated } from 'kysely';

/** A timestamptz read as a Date; written as a Date or an ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A jsonb column: read parsed; written as JSON text (pg would turn a JS array into a Postgres array). */
type Json<T> = ColumnType<T, string | undefined, string>;

/** Limits in the API's wire shape, as stored (plans.limits, api_keys.limits, projects.limit_overrides). */
export interface LimitsJson {
  rpm?: number | null;
  tpm?: number | null;
  requests_per_day?: number | null;
  daily_budget_usd?: number | null;
  monthly_budget_usd?: number | null;
}

/** What a project stores of request and response bodies (projects.store_bodies). */
export type StoreBodiesMode = 'off' | 'redacted' | 'full';

export interface ProjectsTable {
  id: string;
  name: string;
  created_at: Timestamp;
  plan_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Field by field over the plan's limits; a null value removes that limit. */
  limit_overrides: Json<LimitsJson>;
  /** Null: the project did not choose; the deployment default (TOLLGATE_STORE_BODIES) applies. */
  store_bodies: ColumnType<StoreBodiesMode | null, StoreBodiesMode | null | undefined, StoreBodiesMode | null>;
}

export interface PlansTable {
  id: string;
  name: string;
  limits: Json<LimitsJson>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProviderCredentialsTable {
  id: string;
  project_id: string;
  name: string;
  provider: string;
  base_url: string | null;
  /** AES-256-GCM ciphertext of the provider key (credentials.ts); never the plaintext. */
  secret: string;
  fingerprint: string;
  created_at: Timestamp;
}

export interface RouteTargetJson {
  provider: string;
  model: string;
  credential?: string;
  weight?: number;
}

export interface ModelRoutesTable {
  project_id: string;
  alias: string;
  strategy: string;
  targets: Json<RouteTargetJson[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
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
  revoked_at: NullableTimestamp;
  limits: Json<LimitsJson>;
  /** Model names or aliases the key may use; null allows all. */
  allowed_models: ColumnType<string[] | null, string | null | undefined, string | null>;
  expires_at: NullableTimestamp;
  metadata: Json<Record<string, string>>;
  /** The key that replaced this one by rotation. */
  replaced_by: ColumnType<string | null, string | null | undefined, string | null>;
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
  plans: PlansTable;
  provider_credentials: ProviderCredentialsTable;
  model_routes: ModelRoutesTable;
  settings: SettingsTable;
  tg_migrations: MigrationsTable;
}
