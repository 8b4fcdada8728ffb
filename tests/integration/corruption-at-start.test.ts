import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { checkDatabaseFile } from '../../electron/core/backups/check-database-file';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { openTestCore, tempDataDir } from '../support/core-fixture';

// The must-have: a real database file, damaged in the middle of a b-tree page, is detected at
// start, kept aside byte for byte, and the newest good backup brings back the drafts saved
// before it.

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const body = (label: string) => `${label}: ${'Sourdough, croissants and the Saturday market stall. '.repeat(40)}`;

/** The pages that hold the `posts` table's rows (leaf pages of its b-tree). */
function postsLeafPages(file: string): { pageSize: number; pages: number[] } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const rows = db.prepare("select pageno from dbstat where name = 'posts' and pagetype = 'leaf' order by pageno").all() as {
      pageno: number;
    }[];
    return { pageSize, pages: rows.map((row) => row.pageno) };
  } finally {
    db.close();
  }
}

test('a damaged database is moved aside unchanged, the newest good backup is offered, and restoring it brings the drafts back', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const databasePath = path.join(dir, DATABASE_FILE_NAME);

  // 1. A real database, made by the app: drafts, a backup, then more drafts.
  const first = await openTestCore(dir);
  const before = Array.from({ length: 30 }, (_, n) => ({ id: randomUUID(), body: body(`Before backup ${n}`) }));
  for (const draft of before) await first.call('drafts.save', { ...draft, targets: [{ platform: 'facebook', text: null, title: null }] });
  const backup = await first.call('backups.create', {});
  const after = Array.from({ length: 30 }, (_, n) => ({ id: randomUUID(), body: body(`After backup ${n}`) }));
  for (const draft of after) await first.call('drafts.save', { ...draft, targets: [] });
  await first.core.close();
  // Closing checkpointed the WAL: everything is in the main file now.
  expect(fs.existsSync(`${databasePath}-wal`)).toBe(false);

  // 2. Damage one page in the middle of the posts b-tree (keep the page, scramble its cells).
  const { pageSize, pages } = postsLeafPages(databasePath);
  expect(pages.length).toBeGreaterThan(4);
  const victim = pages[Math.floor(pages.length / 2)]!;
  const bytes = fs.readFileSync(databasePath);
  const pageStart = (victim - 1) * pageSize;
  for (let offset = pageStart + 8; offset < pageStart + pageSize; offset += 1) bytes[offset] = (offset * 31 + 7) & 0xff;
  fs.writeFileSync(databasePath, bytes);
  const check = checkDatabaseFile(databasePath, 'full');
  expect(check.ok).toBe(false);
  // The check the app runs at start sees it too.
  expect(checkDatabaseFile(databasePath, 'quick').ok).toBe(false);

  // 3. Start again.
  const second = await openTestCore(dir);
  cleanups.push(() => void second.core.close());
  const { notice } = await second.call('backups.recovery', {});
  expect(notice).not.toBeNull();
  expect(notice!.newestGoodBackup?.id).toBe(backup.id);
  expect(path.basename(notice!.damagedFileKeptAt)).toMatch(/^agencyiq\.db\.damaged-\d{8}-\d{6}$/);
  // Kept aside byte for byte, never deleted.
  expect(fs.readFileSync(notice!.damagedFileKeptAt).equals(bytes)).toBe(true);
  // The app runs on a new, empty database meanwhile.
  expect((await second.call('drafts.list', { query: '', sort: 'updated_desc', limit: 100, offset: 0 })).items).toEqual([]);
  // No automatic backup of the empty database on a damaged start (it would rotate good ones out).
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect((await second.call('backups.list', {})).backups.map((b) => b.id)).toEqual([backup.id]);

  // 4. Restore the offered backup.
  const restored = await second.call('backups.restore', { id: backup.id });
  expect(restored.restored.id).toBe(backup.id);
  const list = await second.call('drafts.list', { query: '', sort: 'updated_desc', limit: 100, offset: 0 });
  expect(list.items.map((item) => item.id).sort()).toEqual(before.map((draft) => draft.id).sort());
  for (const draft of before) expect((await second.call('drafts.get', { id: draft.id })).body).toBe(draft.body);
  expect((await second.call('backups.recovery', {})).notice).toBeNull();
  // The damaged file is still where the notice said.
  expect(fs.readFileSync(notice!.damagedFileKeptAt).equals(bytes)).toBe(true);
  expect(checkDatabaseFile(databasePath, 'full')).toEqual({ ok: true });
});

test('a file that is not a database at all is moved aside and the app starts', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const databasePath = path.join(dir, DATABASE_FILE_NAME);
  const garbage = Buffer.from('This is not SQLite. '.repeat(500));
  fs.writeFileSync(databasePath, garbage);
  const started = await openTestCore(dir);
  cleanups.push(() => void started.core.close());
  const { notice } = await started.call('backups.recovery', {});
  expect(notice?.newestGoodBackup).toBeNull();
  expect(fs.readFileSync(notice!.damagedFileKeptAt).equals(garbage)).toBe(true);
  await started.call('backups.dismissRecovery', {});
  expect((await started.call('backups.recovery', {})).notice).toBeNull();
  expect(fs.existsSync(notice!.damagedFileKeptAt)).toBe(true);
});
