// Applies ingest's ClickHouse migrations and exits: `node services/ingest/src/migrate.ts` (the Helm migration
// job runs it before the ingest pods start; main.ts also applies them, harmlessly, as they are idempotent).
import { loadConfigOrExit } from '@tollgate/config';
import { createClickHouse, migrateClickHouse } from '@tollgate/db';
import { createLogger } from '@tollgate/telemetry';
import { MIGRATIONS_DIR } from './migrations.ts';

const config = loadConfigOrExit(process.env);
const logger = createLogger({ level: config.logLevel, base: { service: 'ingest-migrate' } });
const clickhouse = await createClickHouse({ url: config.clickhouseUrl, dataDir: config.dataDir });
try {
  const { applied } = await migrateClickHouse(clickhouse, MIGRATIONS_DIR);
  logger.info('clickhouse migrations applied', { applied });
} catch (err) {
  logger.error('clickhouse migration failed', { err });
  process.exitCode = 1;
} finally {
  await clickhouse.close();
}
