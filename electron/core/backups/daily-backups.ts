import type { BackupInfo } from '@shared/ipc/backups-channels';
import type { Logger } from '../ports/logger';

export const BACKUP_EVERY_MS = 24 * 60 * 60 * 1000;
/** How often "is a backup due?" is asked: a laptop asleep at the due time catches up within this. */
export const BACKUP_CHECK_EVERY_MS = 60 * 60 * 1000;

/** True when there is no backup, or the newest is 24 hours old (or from the future: a clock change). */
export function isBackupDue(backups: readonly BackupInfo[], now: number): boolean {
  const newest = backups[0];
  return newest === undefined || now - newest.createdAt >= BACKUP_EVERY_MS || newest.createdAt > now;
}

/**
 * Backs the database up once a day: at start and then every hour, `backUpIfDue` makes one when
 * the newest backup is older than 24 hours (`isBackupDue`). The timer never keeps the process
 * alive; `stop` ends it.
 */
export function startDailyBackups(options: {
  backUpIfDue: () => Promise<unknown>;
  logger: Logger;
  checkEveryMs?: number;
}): { stop(): void } {
  let running = false;
  const check = () => {
    if (running) return;
    running = true;
    options
      .backUpIfDue()
      .catch((error: unknown) =>
        options.logger.error('The daily backup failed', { error: error instanceof Error ? error.message : String(error) }),
      )
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(check, 0);
  const timer = setInterval(check, options.checkEveryMs ?? BACKUP_CHECK_EVERY_MS);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
