import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, MigrationError } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import type { Migration } from '../../electron/core/db/migrations/migration';
import { openDatabase } from '../../electron/core/db/open-database';

// The owner's data outlives every app version: an update must either bring the schema up to
// date or leave it exactly as it was, and an old app must not touch a newer app's data.

const ARCHITECTURE_TABLES = [
  'business_profile',
  'posts',
  'post_targets',
  'posts_fts',
  'connections',
  'publish_attempts',
  'quota_ledger',
  'licence',
  'settings',
];

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-migrate-'));
  file = path.join(dir, 'agencyiq.db');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Reads the file with a plain handle, outside the app's data layer. */
function inspect<T>(read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const tableNames = (db: BetterSqlite3.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (row) => row.name,
  );

const sha256 = (filePath: string): string => createHash('sha256').update(fs.readFileSync(filePath)).digest('hex');

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe('migrations', () => {
  it('are numbered 1, 2, 3… in order', () => {
    // Contiguous on purpose: a database at version N takes every migration above N, so a number
    // left free and filled later would be skipped on computers already past it.
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const migration of MIGRATIONS) expect(migration.name.length).toBeGreaterThan(0);
  });

  it('bring a fresh database to the latest version with every table the architecture names', async () => {
    const opened = openDatabase(file);
    expect(opened.schemaVersion).toBe(LATEST);
    await opened.close();
    inspect((db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
      const tables = tableNames(db);
      for (const table of ARCHITECTURE_TABLES) expect(tables, table).toContain(table);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    });
  });

  it('do nothing on re-open: schema and data stay as they were', async () => {
    const first = openDatabase(file);
    first.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'calm', 1)").run();
    await first.close();
    const schemaBefore = inspect((db) => db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all());

    const second = openDatabase(file);
    expect(second.schemaVersion).toBe(LATEST);
    await second.close();

    inspect((db) => {
      expect(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore);
      expect(db.prepare('SELECT key, value FROM settings').all()).toEqual([{ key: 'theme', value: 'calm' }]);
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    });
  });

  describe('a migration that fails', () => {
    const broken: Migration = {
      version: LATEST + 1,
      name: 'add a table, then fail',
      sql: `
        CREATE TABLE half_done (id INTEGER PRIMARY KEY);
        INSERT INTO half_done (id) VALUES (1);
        UPDATE settings SET value = 'changed by the broken migration';
        INSERT INTO no_such_table (x) VALUES (1);
      `,
    };

    beforeEach(async () => {
      const opened = openDatabase(file);
      opened.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'calm', 1)").run();
      opened.sqlite
        .prepare("INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES ('p1', 'My draft', 'draft', 1, 1, 1)")
        .run();
      await opened.close();
    });

    it('throws a MigrationError that names the version and says why', () => {
      const error = captureError(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] }));
      expect(error).toBeInstanceOf(MigrationError);
      const migrationError = error as MigrationError;
      expect(migrationError.migration.version).toBe(LATEST + 1);
      expect(migrationError.fromVersion).toBe(LATEST);
      expect(migrationError.message).toContain(`version ${LATEST + 1}`);
      expect(migrationError.message).toContain('no_such_table');
    });

    it('leaves the previous schema and the data exactly as they were', () => {
      const before = inspect((db) => ({
        schema: db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all(),
        settings: db.prepare('SELECT * FROM settings').all(),
        posts: db.prepare('SELECT * FROM posts').all(),
      }));
      expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow(MigrationError);
      inspect((db) => {
        expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
        expect(tableNames(db)).not.toContain('half_done');
        expect(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(before.schema);
        expect(db.prepare('SELECT * FROM settings').all()).toEqual(before.settings);
        expect(db.prepare('SELECT * FROM posts').all()).toEqual(before.posts);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      });
    });

    it('lets the app open the database normally afterwards', async () => {
      expect(() => openDatabase(file, { migrations: [...MIGRATIONS, broken] })).toThrow(MigrationError);
      const opened = openDatabase(file);
      expect(opened.schemaVersion).toBe(LATEST);
      expect(opened.sqlite.prepare('SELECT body FROM posts').all()).toEqual([{ body: 'My draft' }]);
      await opened.close();
    });

    it('keeps the migrations before it when several are pending', () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir);
      const v2: Migration = { version: 2, name: 'works', sql: 'CREATE TABLE added_in_v2 (id INTEGER PRIMARY KEY);' };
      const v3: Migration = { version: 3, name: 'fails', sql: 'CREATE TABLE added_in_v3 (id INTEGER); SELECT * FROM nowhere;' };
      const error = captureError(() => openDatabase(file, { migrations: [...MIGRATIONS.slice(0, 1), v2, v3] }));
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).migration.version).toBe(3);
      expect((error as MigrationError).message).toContain('left at version 2');
      inspect((db) => {
        expect(db.pragma('user_version', { simple: true })).toBe(2);
        expect(tableNames(db)).toContain('added_in_v2');
        expect(tableNames(db)).not.toContain('added_in_v3');
      });
    });
  });

  describe('a database from a newer version of the app', () => {
    it('is refused with DatabaseTooNewError and not modified', async () => {
      // As a newer AgencyIQ would leave it: our schema, WAL, some data, a higher version.
      const newer = openDatabase(file);
      newer.sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('from', 'the future', 1)").run();
      newer.sqlite.pragma(`user_version = ${LATEST + 5}`);
      await newer.close();
      const before = sha256(file);
      const filesBefore = fs.readdirSync(dir).sort();

      const error = captureError(() => openDatabase(file));
      expect(error).toBeInstanceOf(DatabaseTooNewError);
      expect((error as DatabaseTooNewError).foundVersion).toBe(LATEST + 5);
      expect((error as DatabaseTooNewError).knownVersion).toBe(LATEST);
      expect((error as Error).message).toMatch(/newer version/i);

      expect(sha256(file)).toBe(before);
      expect(fs.readdirSync(dir).sort()).toEqual(filesBefore);
      inspect((db) => {
        expect(db.pragma('user_version', { simple: true })).toBe(LATEST + 5);
        expect(db.prepare('SELECT key, value FROM settings').all()).toEqual([{ key: 'from', value: 'the future' }]);
      });
    });

    it('is not modified even when it does not use WAL', () => {
      const newer = new BetterSqlite3(file);
      newer.exec("CREATE TABLE future_table (x TEXT); INSERT INTO future_table VALUES ('keep me');");
      newer.pragma('user_version = 999');
      newer.close();
      const before = sha256(file);

      expect(() => openDatabase(file)).toThrow(DatabaseTooNewError);

      expect(sha256(file)).toBe(before);
      inspect((db) => {
        expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
        expect(db.prepare('SELECT x FROM future_table').all()).toEqual([{ x: 'keep me' }]);
      });
    });
  });
});
