import { autoUpdater } from 'electron-updater';
import type { Logger } from '../core/ports/logger';
import type { Updater } from '../core/ports/updater';
import { releaseNotesText } from '../core/updates/release-notes-text';

/**
 * The Updater port over electron-updater. It never acts on its own (no automatic download, no
 * check on its own schedule): the core's UpdateController decides each step. The feed is the
 * one electron-builder baked into the installer (app-update.yml, generic provider), unless
 * `feedUrl` overrides it. `beforeRestart` lets the shell mark the app as quitting, so windows
 * close instead of hiding to the tray.
 */
export function createElectronUpdater(options: { logger: Logger; feedUrl: string | null; beforeRestart: () => void }): Updater {
  autoUpdater.autoDownload = false;
  // A downloaded update also installs when the owner quits normally.
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = {
    info: (message?: unknown) => options.logger.info(`Updater: ${String(message)}`),
    warn: (message?: unknown) => options.logger.warn(`Updater: ${String(message)}`),
    error: (message?: unknown) => options.logger.error(`Updater: ${String(message)}`),
    debug: (message: string) => options.logger.debug(`Updater: ${message}`),
  };
  if (options.feedUrl !== null) autoUpdater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  // Failures reach the controller as rejected promises; this only keeps the emitter from throwing.
  autoUpdater.on('error', () => undefined);

  return {
    async check() {
      const result = await autoUpdater.checkForUpdates();
      if (result === null || !result.isUpdateAvailable) return null;
      return { version: result.updateInfo.version, releaseNotes: releaseNotesText(result.updateInfo.releaseNotes) };
    },
    async download(onProgress) {
      const listener = (progress: { percent: number; bytesPerSecond: number; transferred: number; total: number }) => onProgress(progress);
      autoUpdater.on('download-progress', listener);
      try {
        await autoUpdater.downloadUpdate();
      } finally {
        autoUpdater.off('download-progress', listener);
      }
    },
    restartAndInstall() {
      options.beforeRestart();
      // Not silent (Windows shows the installer's progress), and start the app again afterwards.
      autoUpdater.quitAndInstall(false, true);
    },
  };
}
