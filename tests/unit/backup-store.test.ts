import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFileName, parseBackupFileName } from '../../electron/core/backups/backup-names';
import { BACKUPS_KEPT, BackupStore } from '../../electron/core/backups/backup-store';
import { checkDatabaseFile } from '../../electron/core/backups/check-database-file';
import { isBackupDue, startDailyBackups } from '../../electron/core/backups/daily-backups';
import { ManualTimers, settle } from '../support/fake-updater';
import { silentLogger } from '../../electron/core/ports/logger';
import { tempDataDir } from '../support/core-fixture';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const START = Date.UTC(2026, 10, 1, 9, 30, 0);
const HOUR = 60 * 60 * 1000;

function sourceDatabase(dir: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path.join(dir, 'source.db'));
  db.pragma('journal_mode = WAL');
  db.exec('create table notes (id integer primary key, text text not null); create index notes_text on notes(text)');
  cleanups.push(() => db.close());
  return db;
}

describe('backup names', () => {
  it('sort as text in time order and read back as the time they were made', () => {
    expect(backupFileName(START)).toBe('agencyiq-20261101-093000.db');
    expect(backupFileName(START, 3)).toBe('agencyiq-20261101-093000-3.db');
    expect(parseBackupFileName('agencyiq-20261101-093000-3.db')).toEqual({ createdAt: START, sequence: 3 });
    for (const other of ['agencyiq-20261399-093000.db', 'agencyiq.db', '../agencyiq-20261101-093000.db', 'agencyiq-20261101-093000.db.partial']) {
      expect(parseBackupFileName(other)).toBeNull();
    }
  });
});

describe('BackupStore', () => {
  it('keeps the newest seven: the eighth backup drops the oldest', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const source = sourceDatabase(dir);
    let now = START;
    const store = new BackupStore(dir, { now: () => now }, silentLogger);
    const made: string[] = [];
    for (let day = 0; day < 8; day += 1) {
      source.prepare('insert into notes (text) values (?)').run(`day ${day}`);
      made.push((await store.create(source)).id);
      now += 24 * HOUR;
      if (day < BACKUPS_KEPT) expect(store.list()).toHaveLength(day + 1);
    }
    const listed = store.list().map((backup) => backup.id);
    expect(listed).toHaveLength(BACKUPS_KEPT);
    expect(listed).toEqual(made.slice(1).reverse());
    expect(fs.existsSync(path.join(store.folder, made[0]!))).toBe(false);
    // Each one is a standalone, sound copy of the database as it was that day.
    const newest = new BetterSqlite3(path.join(store.folder, made[7]!), { readonly: true });
    expect(newest.prepare('select count(*) from notes').pluck().get()).toBe(8);
    newest.close();
    expect(fs.readdirSync(store.folder).sort()).toEqual([...listed].sort());
  });

  it('reports progress, and names two backups in one second apart', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const source = sourceDatabase(dir);
    const insert = source.prepare('insert into notes (text) values (?)');
    for (let n = 0; n < 2000; n += 1) insert.run(`note ${n} ${'x'.repeat(200)}`);
    const store = new BackupStore(dir, { now: () => START }, silentLogger);
    const progress: number[] = [];
    const first = await store.create(source, (p) => progress.push(p.copiedPages / p.totalPages));
    const second = await store.create(source);
    expect(progress.length).toBeGreaterThan(0);
    expect(first.id).toBe('agencyiq-20261101-093000.db');
    expect(second.id).toBe('agencyiq-20261101-093000-2.db');
    expect(store.list().map((b) => b.id)).toEqual([second.id, first.id]);
    expect(first.sizeBytes).toBe(fs.statSync(path.join(store.folder, first.id)).size);
  });

  it('removes the partial file a killed backup left behind when the next one starts, and nothing else', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const source = sourceDatabase(dir);
    const store = new BackupStore(dir, { now: () => START }, silentLogger);
    const kept = await store.create(source);
    const leftover = path.join(store.folder, `${backupFileName(START - HOUR)}.partial`);
    fs.writeFileSync(leftover, 'half a backup');
    fs.writeFileSync(`${leftover}-journal`, 'its journal');
    fs.writeFileSync(path.join(store.folder, 'notes.txt'), 'not ours');
    const next = await store.create(source);
    expect(fs.readdirSync(store.folder).sort()).toEqual([kept.id, next.id, 'notes.txt'].sort());
  });

  it('never offers a backup that fails its check, and never deletes it either', async () => {
    const { dir, remove } = tempDataDir();
    cleanups.push(remove);
    const source = sourceDatabase(dir);
    for (let n = 0; n < 500; n += 1) source.prepare('insert into notes (text) values (?)').run(`note ${n} ${'y'.repeat(300)}`);
    let now = START;
    const store = new BackupStore(dir, { now: () => now }, silentLogger);
    const older = await store.create(source);
    now += HOUR;
    const newer = await store.create(source);
    const file = path.join(store.folder, newer.id);
    const bytes = fs.readFileSync(file);
    bytes.fill(0x5a, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 2048);
    fs.writeFileSync(file, bytes);
    expect(checkDatabaseFile(file, 'full').ok).toBe(false);
    expect(store.verify(newer.id).ok).toBe(false);
    expect(store.newestGood()?.id).toBe(older.id);
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('daily backups', () => {
  it('are due with none, or when the newest is 24 hours old (or from a clock set back)', () => {
    const backup = { id: backupFileName(START), createdAt: START, sizeBytes: 1, contents: null };
    expect(isBackupDue([], START)).toBe(true);
    expect(isBackupDue([backup], START + 23 * HOUR)).toBe(false);
    expect(isBackupDue([backup], START + 24 * HOUR)).toBe(true);
    expect(isBackupDue([backup], START - HOUR)).toBe(true);
  });

  it('check at start and then on every tick, never two at once, and stop when asked', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const timers = new ManualTimers();
    const timer = startDailyBackups({
      backUpIfDue: () => {
        calls += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
      logger: silentLogger,
      timers,
      checkEveryMs: 5,
    });
    await expect.poll(() => calls).toBe(1);
    expect(timers.delays()).toEqual([5]);
    // Ticks while the first is still running do not start another.
    timers.fireNext();
    timers.fireNext();
    expect(calls).toBe(1);
    release();
    await settle();
    timers.fireNext();
    expect(calls).toBe(2);
    timer.stop();
    release();
    expect(timers.delays()).toEqual([]);
  });
});
