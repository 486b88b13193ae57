// Forward-only ClickHouse migrations, recorded in `tg_migrations` of the client's default database.
//
// Hazards: ClickHouse DDL is not transactional and has no advisory locks. A file whose statements fail part-way
// is not recorded and runs again from its first statement next time, so write every statement idempotently
// (`IF NOT EXISTS`). Replicas racing on start-up may both apply a file; ReplacingMergeTree collapses the duplicate
// record and the idempotent statements make the second run harmless.

import type { ClickHouseClient } from '@clickhouse/client';
import { type AppliedMigration, planMigrations, splitStatements } from './domain/migrations.ts';
import { readMigrationFiles } from './migration-files.ts';

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS tg_migrations (
  version UInt32,
  name String,
  sha256 String,
  applied_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(applied_at) ORDER BY version`;

export async function migrateClickHouse(client: ClickHouseClient, dir: string): Promise<{ applied: string[] }> {
  const files = await readMigrationFiles(dir);
  await client.command({ query: CREATE_TABLE });
  const pending = planMigrations(files, await appliedMigrations(client));
  const applied: string[] = [];
  for (const f of pending) {
    for (const statement of splitStatements(f.sql)) {
      try {
        await client.command({ query: statement });
      } catch (err) {
        throw new Error(`migration ${f.file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    await client.command({
      query: 'INSERT INTO tg_migrations (version, name, sha256, applied_at) VALUES ({version:UInt32}, {name:String}, {sha256:String}, now64(3))',
      query_params: { version: f.version, name: f.name, sha256: f.sha256 },
    });
    applied.push(f.file);
  }
  return { applied };
}

async function appliedMigrations(client: ClickHouseClient): Promise<AppliedMigration[]> {
  const rs = await client.query({
    query: 'SELECT version, argMin(name, applied_at) AS name, argMin(sha256, applied_at) AS sha256 FROM tg_migrations GROUP BY version',
    format: 'JSONEachRow',
  });
  const rows = await rs.json<{ version: number | string; name: string; sha256: string }>();
  return rows.map((r) => ({ version: Number(r.version), name: r.name, sha256: r.sha256 }));
}
