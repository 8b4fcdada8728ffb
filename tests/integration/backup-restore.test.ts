import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import type { AppEvent } from '../../electron/core/events/event-hub';
import { DATABASE_FILE_NAME } from '../../electron/core/open-core';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import { silentLogger } from '../../electron/core/ports/logger';
import { openTestCore, tempDataDir } from '../support/core-fixture';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LIST = { query: '', sort: 'updated_desc', limit: 100, offset: 0 } as const;

test('the first start makes a backup; restore swaps the database behind the same handlers and keeps the current one aside', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const { core, call } = await openTestCore(dir);
  cleanups.push(() => core.close());
  const events: AppEvent[] = [];
  core.events.subscribe((event) => events.push(event));

  // The daily check runs at start: no backup yet, so one is made (in the background worker,
  // which a loaded machine may take a while to start).
  await expect.poll(async () => (await call('backups.list', {})).backups.length, { timeout: 15_000 }).toBe(1);

  const kept = randomUUID();
  await call('drafts.save', { id: kept, body: 'Saved before the backup', targets: [] });
  await call('preferences.update', { notificationsEnabled: false });
  const backup = await call('backups.create', {});
  expect(events.some((e) => e.event === 'backups.changed')).toBe(true);
  expect(events.some((e) => e.event === 'backups.progress')).toBe(true);

  const later = randomUUID();
  await call('drafts.save', { id: later, body: 'Saved after the backup', targets: [] });
  await call('preferences.update', { notificationsEnabled: true });

  // A dispatcher made before the restore keeps working after it, and calls made during the
  // restore wait for it and then answer from the restored database.
  const dispatch = createDispatcher(core.handlers, silentLogger);
  const restoring = call('backups.restore', { id: backup.id });
  const during = Array.from({ length: 5 }, () => dispatch('drafts.list', LIST));
  const result = await restoring;
  for (const answer of await Promise.all(during)) expect(answer.ok).toBe(true);

  const ids = (await call('drafts.list', LIST)).items.map((item) => item.id);
  expect(ids).toContain(kept);
  expect(ids).not.toContain(later);
  expect((await dispatch('drafts.get', { id: kept })).ok).toBe(true);
  // The shell's view of the switches follows the restore too.
  expect((await core.preferences.get()).notificationsEnabled).toBe(false);
  expect(events.filter((e) => e.event === 'backups.restored')).toEqual([{ event: 'backups.restored', payload: { id: backup.id } }]);

  // The database in use before the restore was kept aside, whole, with the later draft in it.
  expect(result.previousDatabaseKeptAt).not.toBeNull();
  expect(path.basename(result.previousDatabaseKeptAt!)).toMatch(/^agencyiq\.db\.before-restore-\d{8}-\d{6}$/);
  const aside = new BetterSqlite3(result.previousDatabaseKeptAt!, { readonly: true });
  expect(aside.prepare('select count(*) from posts where id = ?').pluck().get(later)).toBe(1);
  aside.close();
  expect(fs.existsSync(path.join(dir, DATABASE_FILE_NAME))).toBe(true);
});

test('a restore of a damaged or unknown backup is refused and changes nothing', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const { core, call } = await openTestCore(dir);
  cleanups.push(() => core.close());
  const draft = randomUUID();
  await call('drafts.save', { id: draft, body: 'Still here', targets: [] });
  for (let n = 0; n < 40; n += 1) await call('drafts.save', { id: randomUUID(), body: `Filler ${n} ${'z'.repeat(1500)}`, targets: [] });
  const backup = await call('backups.create', {});
  const file = path.join(dir, 'backups', backup.id);
  const bytes = fs.readFileSync(file);
  bytes.fill(0x33, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 4096);
  fs.writeFileSync(file, bytes);

  await expect(call('backups.restore', { id: backup.id })).rejects.toThrow(/conflict.*damaged/);
  await expect(call('backups.restore', { id: 'agencyiq-20200101-000000.db' })).rejects.toThrow(/not_found/);
  expect((await call('drafts.get', { id: draft })).body).toBe('Still here');
  expect(fs.readdirSync(dir).filter((name) => name.includes('before-restore'))).toEqual([]);
});

test('a backup the app cannot open (made by a newer version) is rolled back: the database in use stays in place and working', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const { core, call } = await openTestCore(dir);
  cleanups.push(() => core.close());
  const draft = randomUUID();
  await call('drafts.save', { id: draft, body: 'In use before the failed restore', targets: [] });
  const backup = await call('backups.create', {});
  // A sound SQLite file, but from a schema this build does not know.
  const file = path.join(dir, 'backups', backup.id);
  const newer = new BetterSqlite3(file);
  newer.pragma('user_version = 999');
  newer.close();

  await expect(call('backups.restore', { id: backup.id })).rejects.toThrow(/could not be restored, nothing was changed/);
  expect((await call('drafts.get', { id: draft })).body).toBe('In use before the failed restore');
  await call('drafts.save', { id: randomUUID(), body: 'Still writable', targets: [] });
  expect(fs.readdirSync(dir).filter((name) => name.includes('before-restore') || name.endsWith('.restoring'))).toEqual([]);
});
