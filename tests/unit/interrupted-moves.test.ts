import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupCancelledError, BackupStore } from '../../electron/core/backups/backup-store';
import { recoverInterruptedMoves } from '../../electron/core/backups/move-aside';
import { openCheckedDatabase } from '../../electron/core/backups/open-checked-database';
import { restoringCopyPath } from '../../electron/core/backups/restore-backup';
import { silentLogger } from '../../electron/core/ports/logger';

// An installer force-closes the app, or the power goes, in the middle of moving database files:
// the next start finishes the move so SQLite never pairs an old WAL with a new file and a
// checked restore copy is not left lying next to an empty database.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function folder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-moves-'));
  dirs.push(dir);
  return dir;
}
const clock = { now: () => Date.UTC(2026, 11, 3, 9, 0) };

/** A database whose last write is still only in its -wal, copied as a kill would leave it. */
function databaseWithWal(dir: string, name: string): void {
  const source = path.join(folder(), 'source.db');
  const db = new Database(source);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec("CREATE TABLE loaves (name TEXT); INSERT INTO loaves VALUES ('sourdough')");
  fs.copyFileSync(source, path.join(dir, name));
  fs.copyFileSync(`${source}-wal`, path.join(dir, `${name}-wal`));
  db.close();
}

describe('start after a kill mid-move', () => {
  it('sends a WAL left behind after its moved-aside database, so the new database does not take it', () => {
    const dir = folder();
    const databasePath = path.join(dir, 'agencyiq.db');
    databaseWithWal(dir, 'agencyiq.db');
    // Killed after the database was renamed aside, before its -wal followed.
    const aside = `${databasePath}.damaged-20261203-085900`;
    fs.renameSync(databasePath, aside);

    const { database } = openCheckedDatabase(databasePath, { clock, logger: silentLogger });
    const tables = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE name = 'loaves'").all();
    void database.close();
    expect(tables).toEqual([]);
    expect(fs.existsSync(`${aside}-wal`)).toBe(true);
    const kept = new Database(aside, { readonly: true });
    expect(kept.prepare('SELECT name FROM loaves').pluck().all()).toEqual(['sourdough']);
    kept.close();
  });

  it('finishes a restore whose checked copy had not yet taken the database\'s name', () => {
    const dir = folder();
    const databasePath = path.join(dir, 'agencyiq.db');
    // A checked backup copy is a single self-contained file.
    const copy = new Database(path.join(dir, 'restored.db'));
    copy.exec("CREATE TABLE loaves (name TEXT); INSERT INTO loaves VALUES ('sourdough')");
    copy.close();
    fs.renameSync(path.join(dir, 'restored.db'), restoringCopyPath(databasePath));
    expect(recoverInterruptedMoves(databasePath, restoringCopyPath(databasePath))).toEqual(['finished a restore']);
    const db = new Database(databasePath, { readonly: true });
    expect(db.prepare('SELECT name FROM loaves').pluck().all()).toEqual(['sourdough']);
    db.close();
  });

  it('drops an unfinished restore copy when the database is still in place', () => {
    const dir = folder();
    const databasePath = path.join(dir, 'agencyiq.db');
    fs.writeFileSync(databasePath, '');
    fs.writeFileSync(restoringCopyPath(databasePath), 'half a copy');
    expect(recoverInterruptedMoves(databasePath, restoringCopyPath(databasePath))).toEqual(['removed an unfinished restore copy']);
    expect(fs.existsSync(restoringCopyPath(databasePath))).toBe(false);
    expect(fs.existsSync(databasePath)).toBe(true);
  });
});

describe('closing during a backup', () => {
  it('abandons the backup at its next step and leaves no partial file', async () => {
    const dir = folder();
    const source = new Database(path.join(dir, 'live.db'));
    source.exec('CREATE TABLE t (x TEXT)');
    const insert = source.prepare('INSERT INTO t VALUES (?)');
    source.transaction(() => {
      for (let i = 0; i < 2_000; i += 1) insert.run('x'.repeat(500));
    })();
    const store = new BackupStore(dir, clock, silentLogger);
    const closing = new AbortController();
    closing.abort();
    await expect(store.create(source, undefined, closing.signal)).rejects.toBeInstanceOf(BackupCancelledError);
    source.close();
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([]);
    expect(store.list()).toEqual([]);
  });
});
