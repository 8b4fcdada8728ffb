import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { BackupStore } from '../../electron/core/backups/backup-store';
import { silentLogger } from '../../electron/core/ports/logger';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// A backup is listed by its date and what it holds (posts, drafts), read from the copy itself.

const temps: TempDatabase[] = [];
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.cleanup();
});

const NOW = Date.UTC(2026, 11, 3, 9, 0);

function addPost(temp: TempDatabase, id: string, state: 'draft' | 'scheduled' | 'done', deleted = false): void {
  const scheduled = state === 'draft' ? null : NOW + 3_600_000;
  temp.database.sqlite
    .prepare(
      `INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at, deleted_at)
       VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    )
    .run(id, `Post ${id}`, state, scheduled, scheduled === null ? null : 'Australia/Brisbane', NOW, NOW, deleted ? NOW : null);
}

test('each backup says how many posts and drafts it holds, leaving out the bin, as it was when made', async () => {
  const temp = openTempDatabase('agencyiq-backup-contents-');
  temps.push(temp);
  addPost(temp, 'd1', 'draft');
  addPost(temp, 'd2', 'draft');
  addPost(temp, 'd3', 'draft', true);
  addPost(temp, 's1', 'scheduled');
  addPost(temp, 'p1', 'done');
  let now = NOW;
  const store = new BackupStore(temp.dir, { now: () => now }, silentLogger);
  const first = await store.create(temp.database.sqlite);
  expect(first.contents).toEqual({ posts: 2, drafts: 2 });

  addPost(temp, 'd4', 'draft');
  now += 60_000;
  const second = await store.create(temp.database.sqlite);
  expect(second.contents).toEqual({ posts: 2, drafts: 3 });

  // Another start of the app (a fresh store) reads the counts from the files themselves.
  const again = new BackupStore(temp.dir, { now: () => now }, silentLogger);
  expect(again.list().map((backup) => backup.contents)).toEqual([
    { posts: 2, drafts: 3 },
    { posts: 2, drafts: 2 },
  ]);
});

test('a file that is not one of our databases is listed by its date only', async () => {
  const temp = openTempDatabase('agencyiq-backup-contents-');
  temps.push(temp);
  const store = new BackupStore(temp.dir, { now: () => NOW }, silentLogger);
  fs.mkdirSync(store.folder, { recursive: true });
  fs.writeFileSync(path.join(store.folder, 'agencyiq-20261203-090000.db'), 'not a database');
  expect(store.list()).toEqual([{ id: 'agencyiq-20261203-090000.db', createdAt: NOW, sizeBytes: 14, contents: null }]);
});
