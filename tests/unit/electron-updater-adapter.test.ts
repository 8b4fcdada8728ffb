import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../electron/core/ports/logger';

// The adapter over electron-updater, with electron-updater replaced by a scripted stand-in
// (the real one needs a packaged Electron app): it never downloads or restarts on its own,
// maps "no newer version" to null, and reports progress only during its own download.

const fake = await vi.hoisted(async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class FakeAutoUpdater extends Emitter {
    autoDownload = true;
    autoInstallOnAppQuit = false;
    logger: unknown = null;
    feed: unknown = null;
    checkResult: unknown = null;
    downloadError: Error | null = null;
    installs: [boolean, boolean][] = [];
    setFeedURL(options: unknown) {
      this.feed = options;
    }
    async checkForUpdates() {
      return this.checkResult;
    }
    async downloadUpdate() {
      this.emit('download-progress', { percent: 50, bytesPerSecond: 10, transferred: 5, total: 10, delta: 5 });
      if (this.downloadError) throw this.downloadError;
      return ['/tmp/AgencyIQ-0.2.0.exe'];
    }
    quitAndInstall(isSilent: boolean, forceRunAfter: boolean) {
      this.installs.push([isSilent, forceRunAfter]);
    }
  }
  return { updater: new FakeAutoUpdater() };
});

vi.mock('electron-updater', () => ({ autoUpdater: fake.updater }));

const { createElectronUpdater } = await import('../../electron/platform/electron-updater-adapter');

beforeEach(() => {
  fake.updater.removeAllListeners();
  Object.assign(fake.updater, { autoDownload: true, feed: null, checkResult: null, downloadError: null, installs: [] });
});

describe('electron-updater adapter', () => {
  it('turns off automatic download and keeps the installer feed unless overridden', () => {
    createElectronUpdater({ logger: silentLogger, feedUrl: null, beforeRestart: () => {} });
    expect(fake.updater.autoDownload).toBe(false);
    expect(fake.updater.autoInstallOnAppQuit).toBe(true);
    expect(fake.updater.feed).toBeNull();
    createElectronUpdater({ logger: silentLogger, feedUrl: 'https://staging.example.com/feed', beforeRestart: () => {} });
    expect(fake.updater.feed).toEqual({ provider: 'generic', url: 'https://staging.example.com/feed' });
  });

  it('answers null when the feed has nothing newer, and the version with plain-text notes when it has', async () => {
    const updater = createElectronUpdater({ logger: silentLogger, feedUrl: null, beforeRestart: () => {} });
    expect(await updater.check()).toBeNull();
    fake.updater.checkResult = { isUpdateAvailable: false, updateInfo: { version: '0.1.0' } };
    expect(await updater.check()).toBeNull();
    fake.updater.checkResult = { isUpdateAvailable: true, updateInfo: { version: '0.2.0', releaseNotes: '<p>Faster &amp; calmer</p>' } };
    expect(await updater.check()).toEqual({ version: '0.2.0', releaseNotes: 'Faster & calmer' });
  });

  it('reports progress during its download only, and passes a failure on', async () => {
    const updater = createElectronUpdater({ logger: silentLogger, feedUrl: null, beforeRestart: () => {} });
    const seen: number[] = [];
    await updater.download((progress) => seen.push(progress.percent));
    expect(seen).toEqual([50]);
    expect(fake.updater.listenerCount('download-progress')).toBe(0);

    fake.updater.downloadError = new Error('sha512 checksum mismatch');
    await expect(updater.download(() => {})).rejects.toThrow('sha512 checksum mismatch');
    expect(fake.updater.listenerCount('download-progress')).toBe(0);
  });

  it('marks the app as quitting before it restarts into the update', () => {
    const order: string[] = [];
    const updater = createElectronUpdater({ logger: silentLogger, feedUrl: null, beforeRestart: () => order.push('quitting') });
    fake.updater.quitAndInstall = function (isSilent: boolean, forceRunAfter: boolean) {
      order.push('install');
      this.installs.push([isSilent, forceRunAfter]);
    };
    updater.restartAndInstall();
    expect(order).toEqual(['quitting', 'install']);
    expect(fake.updater.installs).toEqual([[false, true]]);
  });

  it('keeps an error event from crashing the main process', () => {
    createElectronUpdater({ logger: silentLogger, feedUrl: null, beforeRestart: () => {} });
    expect(() => fake.updater.emit('error', new Error('offline'))).not.toThrow();
    expect(EventEmitter.listenerCount(fake.updater, 'error')).toBe(1);
  });
});
