import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/open-core';
import { silentLogger } from '../../electron/core/ports/logger';
import { BROWSER_HOST_UPDATES_REASON } from '../../electron/core/updates/open-updates';
import { FIRST_UPDATE_CHECK_DELAY_MS, UPDATE_CHECK_INTERVAL_MS } from '../../electron/core/updates/update-check-schedule';
import { createDispatcher } from '../../electron/ipc/dispatcher';
import type { AppEvent } from '../../electron/core/events/event-hub';
import { FakeUpdater, ManualTimers, settle } from '../support/fake-updater';
import { openTestCore } from '../support/core-fixture';
import { MEDIA_SWEEP_EVERY_MS } from '../../electron/core/media/open-media';
import { SYNC_INTERVAL_MS } from '../../electron/core/licence/licence-sync';
import { BACKUP_CHECK_EVERY_MS } from '../../electron/core/backups/daily-backups';

/** The publishing engine's and the results collector's longest nap (each wakes at least this often). */
const LOOP_CAP_MS = 5 * 60_000;
/** The other domains' timers on the same Timers port: the media sweep, licence renewal, daily backups, the engine and collector. */
const OTHER_PERIODS = new Set([MEDIA_SWEEP_EVERY_MS, SYNC_INTERVAL_MS, BACKUP_CHECK_EVERY_MS, LOOP_CAP_MS]);

/** The update checks the core scheduled. */
const updateDelays = (timers: ManualTimers) => timers.delays().filter((delay) => !OTHER_PERIODS.has(delay));

/** Fires the oldest pending update check (not another domain's timer). */
function fireUpdateCheck(timers: ManualTimers): void {
  const next = [...timers.pending.entries()].find(([, entry]) => !OTHER_PERIODS.has(entry.delayMs));
  if (next === undefined) throw new Error('No update check is pending');
  timers.pending.delete(next[0]);
  next[1].callback();
}

// The update channels through the real core: real SQLite preferences, the dispatcher's schema
// checks, the event hub. Only the feed (Updater) and the timers are fakes.

const dirs: string[] = [];
const cores: Core[] = [];

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options: { updater?: FakeUpdater; timers?: ManualTimers; dir?: string } = {}) {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-updates-'));
  if (options.dir === undefined) dirs.push(dir);
  const { core } = await openTestCore(dir, {
    host: options.updater ? 'electron' : 'browser',
    version: '0.1.0',
    clock: { now: () => 1_000 },
    updates: options.updater ? { updater: options.updater } : undefined,
    timers: options.timers ?? new ManualTimers(),
  });
  cores.push(core);
  const events: AppEvent[] = [];
  core.events.subscribe((event) => events.push(event));
  const dispatch = createDispatcher(core.handlers, silentLogger);
  const value = async (channel: Parameters<typeof dispatch>[0], payload: unknown = {}) => {
    const result = await dispatch(channel, payload);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  return { core, events, value, dir };
}

describe('updates through the core', () => {
  it('is disabled in the browser host, says why, and schedules no checks', async () => {
    const timers = new ManualTimers();
    const { value } = await start({ timers });
    expect(await value('updates.status')).toEqual({ state: 'disabled', reason: BROWSER_HOST_UPDATES_REASON });
    expect(await value('updates.check')).toEqual({ state: 'disabled', reason: BROWSER_HOST_UPDATES_REASON });
    expect(updateDelays(timers)).toEqual([]);
  });

  it('checks on schedule, pushes updates.changed, and downloads by itself by default', async () => {
    const updater = new FakeUpdater();
    const timers = new ManualTimers();
    const { events, value } = await start({ updater, timers });
    expect(updateDelays(timers)).toEqual([FIRST_UPDATE_CHECK_DELAY_MS]);

    fireUpdateCheck(timers);
    updater.answerCheck({ version: '0.2.0', releaseNotes: null });
    await settle();
    expect(await value('updates.status')).toMatchObject({ state: 'downloading', version: '0.2.0' });
    updater.finishDownload();
    await settle();
    expect(updateDelays(timers)).toEqual([UPDATE_CHECK_INTERVAL_MS]);

    const pushed = events.filter((e) => e.event === 'updates.changed').map((e) => (e.payload as { state: string }).state);
    expect(pushed).toEqual(['checking', 'available', 'downloading', 'ready']);
    expect(await value('updates.restart')).toMatchObject({ state: 'ready', restartDeferred: false });
    expect(updater.restarts).toBe(1);
  });

  it('follows the "Download updates automatically" switch, also across a restart of the app', async () => {
    const updater = new FakeUpdater();
    const { value, core, dir } = await start({ updater });
    await value('preferences.update', { autoDownloadUpdates: false });

    const checked = value('updates.check');
    updater.answerCheck({ version: '0.2.0', releaseNotes: 'Notes' });
    expect(await checked).toEqual({ state: 'available', version: '0.2.0', releaseNotes: 'Notes' });
    expect(updater.downloads).toBe(0);

    // The switch is stored: a new start reads it before its first check.
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const second = new FakeUpdater();
    const again = await start({ updater: second, dir });
    const rechecked = again.value('updates.check');
    second.answerCheck({ version: '0.2.0', releaseNotes: 'Notes' });
    expect(await rechecked).toMatchObject({ state: 'available' });

    // Switching it back on in Settings starts the waiting download.
    await again.value('preferences.update', { autoDownloadUpdates: true });
    expect(second.downloads).toBe(1);
    expect(await again.value('updates.status')).toMatchObject({ state: 'downloading' });
  });

  it('defers the restart while the publishing engine reports a publish in flight', async () => {
    const updater = new FakeUpdater();
    const { value, core } = await start({ updater });
    const checked = value('updates.check');
    updater.answerCheck({ version: '0.2.0', releaseNotes: null });
    await checked;
    updater.finishDownload();
    await settle();

    const end = core.publishing.begin();
    expect(await value('updates.restart')).toMatchObject({ state: 'ready', restartDeferred: true });
    expect(updater.restarts).toBe(0);
    end();
    expect(updater.restarts).toBe(1);
  });

  it('refuses malformed update requests with a typed error', async () => {
    const { core } = await start();
    const dispatch = createDispatcher(core.handlers, silentLogger);
    expect(await dispatch('updates.check', { force: true })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('reports nothing scheduled and nothing publishing for the tray today', async () => {
    const { core } = await start();
    expect(await core.backgroundStatus()).toEqual({ publishing: false, nextScheduledAt: null, timeZone: 'Australia/Brisbane', needsAttention: 0 });
    const end = core.publishing.begin();
    expect((await core.backgroundStatus()).publishing).toBe(true);
    end();
  });

  it('tells the tray when the earliest scheduled post is due, ignoring drafts and the bin', async () => {
    const { core } = await start();
    const post = (id: string, state: 'draft' | 'scheduled', scheduledAt: number | null, deletedAt: number | null = null) => ({
      id,
      body: 'Fresh bread',
      state,
      revision: 1,
      scheduled_at: scheduledAt,
      schedule_time_zone: scheduledAt === null ? null : 'Australia/Brisbane',
      created_at: 1,
      updated_at: 1,
      deleted_at: deletedAt,
    });
    await core.database.db
      .insertInto('posts')
      .values([
        post('a0000000-0000-4000-8000-000000000001', 'scheduled', 9_000),
        post('a0000000-0000-4000-8000-000000000002', 'scheduled', 5_000),
        post('a0000000-0000-4000-8000-000000000003', 'scheduled', 1_000, 2),
        post('a0000000-0000-4000-8000-000000000004', 'draft', null),
      ])
      .execute();
    expect((await core.backgroundStatus()).nextScheduledAt).toBe(5_000);
  });
});
