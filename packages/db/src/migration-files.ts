import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type MigrationFile, toMigrationFile } from './domain/migrations.ts';

/** Every `.sql` file in `dir` as a MigrationFile (unordered; the planner orders and validates them). */
export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql'));
  return Promise.all(names.map(async (n) => toMigrationFile(n, await readFile(join(dir, n), 'utf8'))));
}
