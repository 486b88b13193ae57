// The migration rules shared by the Postgres and ClickHouse runners: file naming, ordering, hashing, statement
// splitting and validation against what a database has already applied. Pure: the runners do the I/O.
//
// Contract: migrations are forward-only. An applied file is never edited (its hash is checked), never re-applied,
// and its number is never reused for another name, even after the file is deleted ("retired").

import { createHash } from 'node:crypto';

export interface MigrationFile {
  version: number;
  name: string;
  /** File name as found on disk, e.g. `0001_init.sql`; error messages name it. */
  file: string;
  sql: string;
  sha256: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  sha256: string;
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Hash of a file's text; CRLF is normalised so a checkout with autocrlf does not look like an edit. */
export function hashSql(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Builds a MigrationFile; throws for a `.sql` name that is not `NNNN_name.sql` (likely a typo that would be skipped). */
export function toMigrationFile(file: string, sql: string): MigrationFile {
  const m = FILE_NAME.exec(file);
  if (!m) throw new MigrationError(`migration file ${file} is not named NNNN_name.sql (lower-case name)`);
  return { version: Number(m[1]), name: m[2], file, sql, sha256: hashSql(sql) };
}

/**
 * Statements of one file: split at `;` that ends a line. Hazard: a `;` at the end of a line inside a string or a
 * function body splits it too; keep such statements on one line or end those lines differently.
 */
export function splitStatements(sql: string): string[] {
  return sql
    .replace(/\r\n/g, '\n')
    .split(/;[ \t]*(?:--[^\n]*)?(?:\n|$)/)
    .map((s) => stripComments(s).trim())
    .filter((s) => s.length > 0);
}

function stripComments(s: string): string {
  return s
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n');
}

/**
 * The files still to apply, in order. Throws a MigrationError naming the file when the history is inconsistent:
 * two files share a number; an applied file was edited; a number was reused under another name; or a new file is
 * numbered below the newest applied one (it would run out of order on databases that are already ahead).
 */
export function planMigrations(files: MigrationFile[], applied: AppliedMigration[]): MigrationFile[] {
  const sorted = [...files].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].version === sorted[i - 1].version) {
      throw new MigrationError(`migration files ${sorted[i - 1].file} and ${sorted[i].file} share number ${sorted[i].version}`);
    }
  }
  const done = new Map(applied.map((a) => [a.version, a]));
  const newest = applied.reduce((max, a) => Math.max(max, a.version), 0);
  const pending: MigrationFile[] = [];
  for (const f of sorted) {
    const a = done.get(f.version);
    if (!a) {
      if (f.version < newest) {
        throw new MigrationError(`migration ${f.file} is numbered below the newest applied migration (${newest}); renumber it`);
      }
      pending.push(f);
    } else if (a.name !== f.name) {
      throw new MigrationError(`migration ${f.file} reuses number ${f.version}, already applied as ${a.name}; numbers are never reused`);
    } else if (a.sha256 !== f.sha256) {
      throw new MigrationError(`migration ${f.file} was edited after it was applied (sha256 changed); add a new migration instead`);
    }
  }
  return pending;
}
