import { describe, expect, it } from 'vitest';
import { hashSql, MigrationError, planMigrations, splitStatements, toMigrationFile } from './migrations.ts';

const f = (file: string, sql = 'SELECT 1') => toMigrationFile(file, sql);
const applied = (file: string, sql = 'SELECT 1') => {
  const m = f(file, sql);
  return { version: m.version, name: m.name, sha256: m.sha256 };
};

describe('migration files', () => {
  it('parses NNNN_name.sql and rejects other .sql names', () => {
    expect(f('0007_add_keys.sql')).toMatchObject({ version: 7, name: 'add_keys', file: '0007_add_keys.sql' });
    expect(() => f('7_add.sql')).toThrow(MigrationError);
    expect(() => f('0001-init.sql')).toThrow(/0001-init\.sql/);
  });

  it('hashes content, ignoring CRLF line endings', () => {
    expect(hashSql('a;\r\nb;\r\n')).toBe(hashSql('a;\nb;\n'));
    expect(hashSql('a')).not.toBe(hashSql('b'));
  });

  it('splits statements at ; ending a line and drops comment lines', () => {
    const sql = '-- header\nCREATE TABLE a (x int);\n\nCREATE TABLE b (\n  s text DEFAULT \'a;b\'\n); -- trailing\nINSERT INTO a VALUES (1)';
    expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int)', "CREATE TABLE b (\n  s text DEFAULT 'a;b'\n)", 'INSERT INTO a VALUES (1)']);
    expect(splitStatements('-- only a comment\n')).toEqual([]);
  });
});

describe('planMigrations', () => {
  it('returns unapplied files in numeric order', () => {
    const plan = planMigrations([f('0003_c.sql'), f('0001_a.sql'), f('0002_b.sql')], [applied('0001_a.sql')]);
    expect(plan.map((m) => m.file)).toEqual(['0002_b.sql', '0003_c.sql']);
  });

  it('allows a retired (deleted) applied file', () => {
    expect(planMigrations([f('0002_b.sql')], [applied('0001_a.sql'), applied('0002_b.sql')])).toEqual([]);
  });

  it('refuses an edited applied file, naming it', () => {
    expect(() => planMigrations([f('0001_a.sql', 'SELECT 2')], [applied('0001_a.sql')])).toThrow(/0001_a\.sql was edited/);
  });

  it('refuses a reused number', () => {
    expect(() => planMigrations([f('0001_other.sql')], [applied('0001_a.sql')])).toThrow(/0001_other\.sql reuses number 1/);
  });

  it('refuses two files with one number', () => {
    expect(() => planMigrations([f('0001_a.sql'), f('0001_b.sql')], [])).toThrow(/share number 1/);
  });

  it('refuses a new file numbered below the newest applied one', () => {
    expect(() => planMigrations([f('0001_a.sql'), f('0003_c.sql')], [applied('0003_c.sql')])).toThrow(/0001_a\.sql is numbered below/);
  });
});
