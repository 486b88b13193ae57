export { type ClickHouseClient, type ClickHouseOptions, createClickHouse } from './clickhouse.ts';
export { migrateClickHouse } from './clickhouse-migrate.ts';
export { MigrationError } from './domain/migrations.ts';
export { findKeyByHash, generateApiKey, hashApiKey, KEY_PREFIX, keyPrefix } from './keys.ts';
export { createPostgres, type PostgresHandle, type PostgresOptions } from './postgres.ts';
export { migratePostgres } from './postgres-migrate.ts';
export type { ApiKeysTable, Database, ProjectsTable, SettingsTable } from './schema.ts';
