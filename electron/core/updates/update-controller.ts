import type { UpdateStatus } from '@shared/ipc/updates-channels';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { PublishingActivity } from '../ports/publishing-activity';
import type { AvailableUpdate, Updater } from '../ports/updater';

export const CHECK_FAILED_MESSAGE = 'AgencyIQ could not check for updates. Check your internet connection, then try again.';
export const DOWNLOAD_FAILED_MESSAGE = 'The update could not be downloaded. Check your internet connection, then try again.';

export interface UpdateControllerOptions {
  /** null when this build never updates itself; `disabledReason` then says why, in plain words. */
  updater: Updater | null;
  disabledReason: string;
  publishing: PublishingActivity;
  /** The `autoDownloadUpdates` preference at start; later changes come through `setAutoDownload`. */
  autoDownload: boolean;
  clock: Clock;
  logger: Logger;
  /** Called after every change of state (the core forwards it as `updates.changed`). */
  onChange: (status: UpdateStatus) => void;
}

/**
 * The update state machine: idle → checking → available → downloading → ready, or error with
 * the step to retry. It owns every decision (when to download, when restarting is allowed);
 * the Updater port only performs the step it is asked for. Restarting never happens while a post
 * is publishing: the restart waits until `PublishingActivity` reports idle.
 */
export class UpdateController {
  #status: UpdateStatus;
  #autoDownload: boolean;
  /** The update the last successful check found (kept while downloading, for the notes). */
  #update: AvailableUpdate | null = null;
  #checking: Promise<UpdateStatus> | null = null;
  #downloading: Promise<UpdateStatus> | null = null;
  #waitForIdle: (() => void) | null = null;
  #disposed = false;

  constructor(private readonly options: UpdateControllerOptions) {
    this.#autoDownload = options.autoDownload;
    this.#status = options.updater === null ? { state: 'disabled', reason: options.disabledReason } : { state: 'idle', lastCheckedAt: null };
  }

  status(): UpdateStatus {
    return this.#status;
  }

  /**
   * Asks the feed for a newer version. Joins a check already running; does nothing while a
   * download runs or an update is ready (that update is what a restart installs).
   */
  check(): Promise<UpdateStatus> {
    const updater = this.options.updater;
    if (updater === null) return Promise.resolve(this.#status);
    if (this.#checking !== null) return this.#checking;
    const state = this.#status.state;
    if (state === 'downloading' || state === 'ready') return Promise.resolve(this.#status);
    this.#set({ state: 'checking' });
    this.#checking = this.#runCheck(updater).finally(() => {
      this.#checking = null;
    });
    return this.#checking;
  }

  /** Downloads the available update (or retries a failed download). Otherwise a no-op. */
  download(): Promise<UpdateStatus> {
    const updater = this.options.updater;
    if (updater === null) return Promise.resolve(this.#status);
    if (this.#downloading !== null) return this.#downloading;
    const update = this.#update;
    const state = this.#status.state;
    const retrying = state === 'error' && this.#status.during === 'download';
    if (update === null || (state !== 'available' && !retrying)) return Promise.resolve(this.#status);
    this.#downloading = this.#runDownload(updater, update).finally(() => {
      this.#downloading = null;
    });
    return this.#downloading;
  }

  /**
   * "Restart to update". Restarts now when nothing is publishing; otherwise marks the restart as
   * deferred and performs it the moment publishing ends. Only meaningful in `ready`.
   */
  restart(): UpdateStatus {
    const updater = this.options.updater;
    if (updater === null || this.#status.state !== 'ready') return this.#status;
    if (!this.options.publishing.isPublishing()) {
      this.options.logger.info('Restarting to install an update', { version: this.#status.version });
      updater.restartAndInstall();
      return this.#status;
    }
    if (this.#waitForIdle === null) {
      this.options.logger.info('Restart for the update deferred until publishing finishes');
      const unsubscribe = this.options.publishing.onChange((publishing) => {
        if (publishing || this.#disposed) return;
        unsubscribe();
        this.#waitForIdle = null;
        this.options.logger.info('Publishing finished; restarting to install the update');
        updater.restartAndInstall();
      });
      this.#waitForIdle = unsubscribe;
    }
    this.#set({ ...this.#status, restartDeferred: true });
    return this.#status;
  }

  /** Follows the `autoDownloadUpdates` switch; turning it on downloads an update already found. */
  setAutoDownload(enabled: boolean): void {
    this.#autoDownload = enabled;
    if (enabled && this.#status.state === 'available') void this.download();
  }

  /** Stops waiting for publishing to end (the app is closing anyway). */
  dispose(): void {
    this.#disposed = true;
    this.#waitForIdle?.();
    this.#waitForIdle = null;
  }

  async #runCheck(updater: Updater): Promise<UpdateStatus> {
    let found: AvailableUpdate | null;
    try {
      found = await updater.check();
    } catch (error) {
      this.options.logger.warn('The update check failed', { error: describe(error) });
      this.#set({ state: 'error', during: 'check', message: CHECK_FAILED_MESSAGE, version: null });
      return this.#status;
    }
    if (found === null) {
      this.#update = null;
      this.#set({ state: 'idle', lastCheckedAt: this.options.clock.now() });
      return this.#status;
    }
    this.options.logger.info('An update is available', { version: found.version });
    this.#update = found;
    this.#set({ state: 'available', version: found.version, releaseNotes: found.releaseNotes });
    // The download runs on; the check's caller gets the state it left (downloading).
    if (this.#autoDownload) void this.download();
    return this.#status;
  }

  async #runDownload(updater: Updater, update: AvailableUpdate): Promise<UpdateStatus> {
    this.#set({ state: 'downloading', version: update.version, percent: 0, bytesPerSecond: 0, transferred: 0, total: 0 });
    try {
      await updater.download((progress) => {
        if (this.#status.state !== 'downloading') return;
        this.#set({
          state: 'downloading',
          version: update.version,
          percent: clamp(progress.percent, 0, 100),
          bytesPerSecond: Math.max(0, progress.bytesPerSecond),
          transferred: Math.max(0, progress.transferred),
          total: Math.max(0, progress.total),
        });
      });
    } catch (error) {
      this.options.logger.warn('The update download failed', { version: update.version, error: describe(error) });
      this.#set({ state: 'error', during: 'download', message: DOWNLOAD_FAILED_MESSAGE, version: update.version });
      return this.#status;
    }
    this.options.logger.info('The update is downloaded and ready', { version: update.version });
    this.#set({ state: 'ready', version: update.version, releaseNotes: update.releaseNotes, restartDeferred: false });
    return this.#status;
  }

  #set(status: UpdateStatus): void {
    this.#status = status;
    this.options.onChange(status);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Number.isFinite(value) ? Math.min(high, Math.max(low, value)) : low;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
