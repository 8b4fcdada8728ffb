import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '@shared/ipc/updates-channels';
import { silentLogger } from '../../electron/core/ports/logger';
import { PublishingTracker } from '../../electron/core/publishing/publishing-tracker';
import {
  CHECK_FAILED_MESSAGE,
  DOWNLOAD_FAILED_MESSAGE,
  UpdateController,
} from '../../electron/core/updates/update-controller';
import { FakeUpdater, settle } from '../support/fake-updater';

const NOW = Date.UTC(2026, 10, 26, 1, 0, 0);
const UPDATE = { version: '0.2.0', releaseNotes: 'Faster drafts list.' };

function setUp(options: { autoDownload?: boolean; disabled?: boolean } = {}) {
  const updater = new FakeUpdater();
  const publishing = new PublishingTracker();
  const changes: UpdateStatus[] = [];
  const controller = new UpdateController({
    updater: options.disabled ? null : updater,
    disabledReason: 'This is a development build, which does not update itself.',
    publishing,
    autoDownload: options.autoDownload ?? true,
    clock: { now: () => NOW },
    logger: silentLogger,
    onChange: (status) => changes.push(status),
  });
  return { updater, publishing, controller, changes, states: () => changes.map((s) => s.state) };
}

describe('UpdateController', () => {
  it('goes idle → checking → available → downloading → ready when automatic download is on', async () => {
    const { updater, controller, states, changes } = setUp();
    expect(controller.status()).toEqual({ state: 'idle', lastCheckedAt: null });

    const checked = controller.check();
    expect(controller.status()).toEqual({ state: 'checking' });
    updater.answerCheck(UPDATE);
    expect(await checked).toMatchObject({ state: 'downloading', version: '0.2.0', percent: 0 });

    updater.progress({ percent: 42.5, bytesPerSecond: 250_000, transferred: 42_500_000, total: 100_000_000 });
    expect(controller.status()).toEqual({
      state: 'downloading',
      version: '0.2.0',
      percent: 42.5,
      bytesPerSecond: 250_000,
      transferred: 42_500_000,
      total: 100_000_000,
    });
    updater.finishDownload();
    await settle();

    expect(controller.status()).toEqual({ state: 'ready', version: '0.2.0', releaseNotes: 'Faster drafts list.', restartDeferred: false });
    expect(states()).toEqual(['checking', 'available', 'downloading', 'downloading', 'ready']);
    expect(changes[1]).toEqual({ state: 'available', version: '0.2.0', releaseNotes: 'Faster drafts list.' });
  });

  it('records when it last checked when the app is up to date', async () => {
    const { updater, controller } = setUp();
    const checked = controller.check();
    updater.answerCheck(null);
    expect(await checked).toEqual({ state: 'idle', lastCheckedAt: NOW });
    expect(updater.downloads).toBe(0);
  });

  it('waits for "Download" when automatic download is off', async () => {
    const { updater, controller } = setUp({ autoDownload: false });
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    expect(await checked).toEqual({ state: 'available', version: '0.2.0', releaseNotes: 'Faster drafts list.' });
    await settle();
    expect(updater.downloads).toBe(0);

    const downloading = controller.download();
    expect(controller.status().state).toBe('downloading');
    updater.finishDownload();
    expect(await downloading).toMatchObject({ state: 'ready', version: '0.2.0' });
    expect(updater.downloads).toBe(1);
  });

  it('starts the download when automatic download is switched on while an update waits', async () => {
    const { updater, controller } = setUp({ autoDownload: false });
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    controller.setAutoDownload(true);
    expect(controller.status().state).toBe('downloading');
    expect(updater.downloads).toBe(1);
  });

  it('reports a failed check in plain words and retries it on the next check', async () => {
    const { updater, controller } = setUp();
    const first = controller.check();
    updater.failCheck('getaddrinfo ENOTFOUND updates.agencyiq.au');
    expect(await first).toEqual({ state: 'error', during: 'check', message: CHECK_FAILED_MESSAGE, version: null });

    const retry = controller.check();
    expect(controller.status()).toEqual({ state: 'checking' });
    updater.answerCheck(null);
    expect(await retry).toEqual({ state: 'idle', lastCheckedAt: NOW });
    expect(updater.checks).toBe(2);
  });

  it('reports a failed download, keeps the version, and a retry downloads again to ready', async () => {
    const { updater, controller, states } = setUp();
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    updater.progress({ percent: 80, bytesPerSecond: 1000, transferred: 80, total: 100 });
    updater.failDownload();
    await settle();
    expect(controller.status()).toEqual({ state: 'error', during: 'download', message: DOWNLOAD_FAILED_MESSAGE, version: '0.2.0' });

    // Checking again (the six-hourly check) finds it again and downloads it again.
    const again = controller.check();
    expect(controller.status()).toEqual({ state: 'checking' });
    updater.answerCheck(UPDATE);
    await again;
    expect(controller.status().state).toBe('downloading');
    updater.failDownload();
    await settle();
    expect(controller.status()).toMatchObject({ state: 'error', during: 'download' });

    const retried = controller.download();
    expect(controller.status()).toMatchObject({ state: 'downloading', percent: 0 });
    updater.finishDownload();
    expect(await retried).toMatchObject({ state: 'ready', version: '0.2.0' });
    expect(updater.downloads).toBe(3);
    expect(states().filter((s) => s === 'error')).toHaveLength(2);
  });

  it('joins a check already running instead of starting a second one', async () => {
    const { updater, controller } = setUp();
    const a = controller.check();
    const b = controller.check();
    updater.answerCheck(null);
    expect(await a).toEqual(await b);
    expect(updater.checks).toBe(1);
  });

  it('does not check or download again while a download runs or an update is ready', async () => {
    const { updater, controller } = setUp();
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    expect((await Promise.race([controller.check(), settle().then(() => 'pending')])) as UpdateStatus).toMatchObject({ state: 'downloading' });
    void controller.download();
    updater.finishDownload();
    await settle();
    expect(await controller.check()).toMatchObject({ state: 'ready' });
    expect(await controller.download()).toMatchObject({ state: 'ready' });
    expect(updater.checks).toBe(1);
    expect(updater.downloads).toBe(1);
  });

  it('restarts into the update at once when nothing is publishing', async () => {
    const { updater, controller } = setUp();
    expect(controller.restart()).toMatchObject({ state: 'idle' });
    expect(updater.restarts).toBe(0);
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    updater.finishDownload();
    await settle();
    controller.restart();
    expect(updater.restarts).toBe(1);
  });

  it('defers a restart asked for while a post is publishing until publishing finishes', async () => {
    const { updater, controller, publishing } = setUp();
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    updater.finishDownload();
    await settle();

    const endFirst = publishing.begin();
    const endSecond = publishing.begin();
    expect(controller.restart()).toEqual({ state: 'ready', version: '0.2.0', releaseNotes: 'Faster drafts list.', restartDeferred: true });
    controller.restart();
    expect(updater.restarts).toBe(0);

    endFirst();
    expect(updater.restarts).toBe(0);
    endSecond();
    expect(updater.restarts).toBe(1);

    // Publishing again later does not restart a second time.
    publishing.begin()();
    expect(updater.restarts).toBe(1);
  });

  it('does not restart after being disposed while waiting for publishing', async () => {
    const { updater, controller, publishing } = setUp();
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    updater.finishDownload();
    await settle();
    const end = publishing.begin();
    controller.restart();
    controller.dispose();
    end();
    expect(updater.restarts).toBe(0);
  });

  it('stays disabled with its reason and never calls an updater when the build has none', async () => {
    const { controller, changes } = setUp({ disabled: true });
    const disabled = { state: 'disabled', reason: 'This is a development build, which does not update itself.' };
    expect(controller.status()).toEqual(disabled);
    expect(await controller.check()).toEqual(disabled);
    expect(await controller.download()).toEqual(disabled);
    expect(controller.restart()).toEqual(disabled);
    expect(changes).toEqual([]);
  });

  it('clamps nonsense progress from the library', async () => {
    const { updater, controller } = setUp();
    const checked = controller.check();
    updater.answerCheck(UPDATE);
    await checked;
    updater.progress({ percent: Number.NaN, bytesPerSecond: -5, transferred: -1, total: 10 });
    expect(controller.status()).toMatchObject({ percent: 0, bytesPerSecond: 0, transferred: 0 });
    updater.progress({ percent: 100.4, bytesPerSecond: 5, transferred: 10, total: 10 });
    expect(controller.status()).toMatchObject({ percent: 100 });
  });
});
