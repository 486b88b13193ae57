export { type ClickHouseClient, type ClickHouseOptions, createClickHouse } from './clickhouse.ts';
export { migrateClickHouse } from './clickhouse-migrate.ts';
export {
  type CredentialBinding,
  credentialFingerprint,
  decodeEncryptionKey,
  decryptCredential,
  encryptCredential,
  loadCredential,
  type ProviderCredential,
} from './credentials.ts';
export { effectiveLimits, type KeyLimits, LIMIT_FIELDS, type LimitField, type ProjectLimits, toKeyLimits, toProjectLimits } from './domain/limits.ts';
export { MigrationError } from './domain/migrations.ts';
export { budgetLimitsOf } from './budget-limits.ts';
export { findKeyByHash, type KeyIdentity } from './key-lookup.ts';
export { loadProjectRouting, type ProjectRouting, type StoredCredential, type StoredModelRoute } from './project-routing.ts';
export { generateApiKey, hashApiKey, KEY_PREFIX, keyPrefix } from './keys.ts';
export { createPostgres, type PostgresHandle, type PostgresOptions } from './postgres.ts';
export { migratePostgres } from './postgres-migrate.ts';
export type {
  ApiKeysTable,
  Database,
  LimitsJson,
  ModelRoutesTable,
  PlansTable,
  ProjectsTable,
  ProviderCredentialsTable,
  RouteTargetJson,
  SettingsTable,
  StoreBodiesMode,
} from './schema.ts';
