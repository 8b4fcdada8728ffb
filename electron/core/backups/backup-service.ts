import path from 'node:path';
import type { Platform } from '@shared/domain/platform';
import type { BackupInfo, BackupList, MissingMedia, RecoveryNotice } from '@shared/ipc/backups-channels';
import type { BackgroundJobs } from '../background/background-thread';
import type { LiveDatabase } from '../db/live-database';
import type { OpenedDatabase } from '../db/open-database';
import { CoreError } from '../errors';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { BackupCancelledError, BackupVerificationError, type BackupStore } from './backup-store';
import { isBackupDue } from './daily-backups';
import type { ForgetReport } from './forget-platform-in-copies';
import type { DamagedDatabase } from './open-checked-database';
import { putBackupInPlace } from './restore-backup';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Backups as the app uses them: one at a time (the daily timer and "Back up now" never overlap a
 * restore), progress and list changes announced to every window, and a restore that swaps the
 * live database and tells the windows to reload. It also keeps this start's recovery notice.
 * What takes long (the copy and its integrity check, a restore's checks and copy, the Disconnect
 * scrub with its VACUUMs) runs in the background worker, so the core's thread stays free.
 */
export class BackupService {
  #queue: Promise<unknown> = Promise.resolve();
  /** Aborted when the app closes: a backup under way stops at its next step instead of finishing. */
  readonly #closing = new AbortController();
  #recovery: RecoveryNotice | null = null;

  constructor(
    private readonly options: {
      store: BackupStore;
      /** The worker thread that copies and checks database files. */
      background: BackgroundJobs;
      live: LiveDatabase<{ database: OpenedDatabase }>;
      databasePath: string;
      events: EventSink;
      clock: Clock;
      logger: Logger;
      /** After a restore: posts whose attached files are missing from the media folder. */
      findMissingMedia?: () => Promise<MissingMedia[]>;
    },
  ) {}

  list(): BackupList {
    return { backups: this.options.store.list(), folder: this.options.store.folder };
  }

  /**
   * The daily backup: makes one when the newest is 24 hours old. Asked in turn with the other
   * backup work, so a backup already under way is seen and not made twice.
   */
  backUpIfDue(): Promise<BackupInfo | null> {
    return this.#serial(async () => (isBackupDue(this.options.store.list(), this.options.clock.now()) ? this.#backUp() : null));
  }

  /** "Back up now": makes, verifies and lists a backup of the live database. */
  backUpNow(): Promise<BackupInfo> {
    return this.#serial(() => this.#backUp());
  }

  async #backUp(): Promise<BackupInfo> {
    {
      try {
        const { live, background, store, databasePath, clock, events } = this.options;
        // Inside `use`: a restore never swaps the file while the worker copies it.
        const info = await live.use(() =>
          background.run(
            'backUp',
            { databasePath, dataDir: path.dirname(store.folder), now: clock.now() },
            { onProgress: (progress) => events.emit('backups.progress', progress), signal: this.#closing.signal },
          ),
        );
        this.options.events.emit('backups.changed', this.list());
        return info;
      } catch (error) {
        if (error instanceof BackupCancelledError) throw new CoreError('unavailable', error.message);
        this.options.logger.error('A backup failed', { error: message(error) });
        if (error instanceof CoreError) throw error;
        if (error instanceof BackupVerificationError) {
          throw new CoreError('internal', 'The backup was made but failed its check, so it was not kept. Please try again.');
        }
        throw new CoreError('unavailable', `The backup could not be written: ${message(error)}`);
      }
    }
  }

  /**
   * Disconnect: takes the platform's token ciphertext out of every backup and kept copy of the
   * database. Queued with backups and restores, so it never touches a file one of them is writing.
   */
  forgetPlatform(platform: Platform): Promise<ForgetReport> {
    return this.#serial(async () => {
      const { databasePath, logger, events, background } = this.options;
      const report = await background.run('forgetPlatformInCopies', { dataDir: path.dirname(databasePath), liveDatabasePath: databasePath, platform });
      logger.info('Sign-in removed from the database copies', { platform, cleaned: report.cleaned.length, failed: report.failed.length });
      for (const { file, reason } of report.failed) logger.warn('A database copy could not be cleaned', { platform, file, reason });
      // Sizes changed.
      if (report.cleaned.length > 0) events.emit('backups.changed', this.list());
      return report;
    });
  }

  /** Replaces the database with a backup; the current one is moved aside, never deleted. */
  restore(id: string): Promise<{ restored: BackupInfo; previousDatabaseKeptAt: string | null; missingMedia: MissingMedia[] }> {
    return this.#serial(async () => {
      const { store, live, databasePath, clock, events, logger, background } = this.options;
      const backup = store.find(id);
      if (backup === null) throw new CoreError('not_found', 'That backup is no longer in the backups folder.');
      // Checked again now (files rot), fully: every index against its table.
      const check = await background.run('checkFile', { file: backup.path, depth: 'full' });
      if (!check.ok) throw new CoreError('conflict', `That backup cannot be used, it is damaged. ${check.reason}`);
      let keptAt: string | null = null;
      try {
        await live.replace(() =>
          putBackupInPlace(backup.path, databasePath, clock.now(), {
            copyAndCheck: (from, to) => background.run('copyAndCheck', { from, to }),
            onKept: (kept) => (keptAt = kept),
          }),
        );
      } catch (error) {
        logger.error('A restore failed; the database in use before is back in place', { id, error: message(error) });
        throw new CoreError('unavailable', `The backup could not be restored, nothing was changed: ${message(error)}`);
      }
      logger.info('Database restored from a backup', { id, previousDatabaseKeptAt: keptAt });
      this.#recovery = null;
      events.emit('backups.restored', { id });
      const missingMedia = (await this.options.findMissingMedia?.().catch((error: unknown) => {
        logger.error('Could not check the media folder after a restore', { error: message(error) });
        return [];
      })) ?? [];
      if (missingMedia.length > 0) logger.warn('Restored posts name media files that are missing', { posts: missingMedia.length });
      return {
        restored: { id: backup.id, createdAt: backup.createdAt, sizeBytes: backup.sizeBytes, contents: backup.contents },
        previousDatabaseKeptAt: keptAt,
        missingMedia,
      };
    });
  }

  /** Records that the database was found damaged at this start, and which backup to offer. */
  noteDamagedAtStart(damaged: DamagedDatabase): void {
    this.#recovery = {
      damagedFileKeptAt: damaged.keptAt,
      detectedAt: damaged.detectedAt,
      reason: damaged.reason,
      newestGoodBackup: this.options.store.newestGood('full'),
    };
  }

  recovery(): RecoveryNotice | null {
    return this.#recovery;
  }

  dismissRecovery(): void {
    if (this.#recovery !== null) this.options.logger.info('The owner chose to start fresh after damage', { keptAt: this.#recovery.damagedFileKeptAt });
    this.#recovery = null;
  }

  /**
   * For closing: a backup under way is abandoned at its next step (a shutdown must not wait for
   * it; the finished backups are untouched) and no new backup starts. A restore is let finish.
   */
  stop(): void {
    this.#closing.abort();
  }

  /** Waits for a backup or restore in progress (before the core closes). */
  async settle(): Promise<void> {
    await this.#queue.catch(() => {});
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const guarded = async (): Promise<T> => {
      if (this.#closing.signal.aborted) throw new CoreError('unavailable', 'AgencyIQ is closing.');
      return work();
    };
    const run = this.#queue.then(guarded, guarded);
    this.#queue = run.catch(() => {});
    return run;
  }
}
