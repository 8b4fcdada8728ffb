import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventHub, type AppEvent } from '../../electron/core/events/event-hub';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { silentLogger } from '../../electron/core/ports/logger';
import { createPreferencesHandlers } from '../../electron/core/preferences/preferences-handlers';
import { PreferencesStore } from '../../electron/core/preferences/preferences-store';
import { DEFAULT_PREFERENCES, defaultPreferences } from '@shared/ipc/preferences-channels';

let dir: string;
let database: OpenedDatabase;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-prefs-'));
  database = openDatabase(path.join(dir, 'agencyiq.db'));
});
afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('preferences', () => {
  it('starts from the defaults, keeps a change across a reopen, and announces it', async () => {
    const hub = new EventHub(silentLogger);
    const seen: AppEvent[] = [];
    hub.subscribe((event) => seen.push(event));
    const handlers = createPreferencesHandlers(new PreferencesStore(database.db, { now: () => 1 }), hub);
    expect(await handlers['preferences.get']({})).toEqual(DEFAULT_PREFERENCES);

    const updated = await handlers['preferences.update']({ notificationsEnabled: false });
    expect(updated).toEqual({ ...DEFAULT_PREFERENCES, notificationsEnabled: false });
    expect(seen).toEqual([{ event: 'preferences.changed', payload: updated }]);

    await database.close();
    database = openDatabase(path.join(dir, 'agencyiq.db'));
    expect(await new PreferencesStore(database.db, { now: () => 2 }).get()).toEqual(updated);
  });

  it('falls back to the default for a stored value that no longer parses', async () => {
    await database.db
      .insertInto('settings')
      .values([
        { key: 'preference.startAtLogin', value: '"yes please"', updated_at: 1 },
        { key: 'preference.autoDownloadUpdates', value: '{broken', updated_at: 1 },
      ])
      .execute();
    expect(await new PreferencesStore(database.db, { now: () => 1 }).get()).toEqual(DEFAULT_PREFERENCES);
  });

  it('keeps the switches in memory after the first read, and a change through the store is seen at once', async () => {
    const store = new PreferencesStore(database.db, { now: () => 1 });
    expect((await store.get()).notificationsEnabled).toBe(true);
    // A caller changing its copy changes nothing remembered.
    const copy = await store.get();
    copy.notificationsEnabled = false;
    expect((await store.get()).notificationsEnabled).toBe(true);

    await store.update({ notificationsEnabled: false });
    expect((await store.get()).notificationsEnabled).toBe(false);

    // The copy belongs to one store: a database replaced underneath (a restore) gets a new
    // store from openCore, which reads what that database holds.
    await database.db.updateTable('settings').set({ value: 'true' }).where('key', '=', 'preference.notificationsEnabled').execute();
    expect((await new PreferencesStore(database.db, { now: () => 2 }).get()).notificationsEnabled).toBe(true);
  });

  it('starts the installed app at login with notifications on; the browser host does not start at login', async () => {
    const installed = await new PreferencesStore(database.db, { now: () => 1 }, defaultPreferences('electron')).get();
    expect(installed).toMatchObject({ startAtLogin: true, notificationsEnabled: true });
    const browser = await new PreferencesStore(database.db, { now: () => 1 }, defaultPreferences('browser')).get();
    expect(browser).toMatchObject({ startAtLogin: false, notificationsEnabled: true });
    // The owner's choice wins over either default.
    await new PreferencesStore(database.db, { now: () => 1 }).update({ startAtLogin: false });
    expect((await new PreferencesStore(database.db, { now: () => 2 }, defaultPreferences('electron')).get()).startAtLogin).toBe(false);
  });
});
