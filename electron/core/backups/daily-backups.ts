import type { BackupInfo } from '@shared/ipc/backups-channels';
import type { Logger } from '../ports/logger';
import { repeatEvery } from '../ports/repeat-every';
import { afterThisTurn, type Timers } from '../ports/timers';

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
 * the newest backup is older than 24 hours (`isBackupDue`), on the Timers port; `stop` ends it.
 */
export function startDailyBackups(options: {
  backUpIfDue: () => Promise<unknown>;
  logger: Logger;
  timers: Timers;
  checkEveryMs?: number;
}): { stop(): void } {
  let running = false;
  let stopped = false;
  const check = () => {
    if (running || stopped) return;
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
  // The first check runs once opening has finished (not on the injected timers: it is not a delay).
  afterThisTurn(check);
  const hourly = repeatEvery(options.timers, options.checkEveryMs ?? BACKUP_CHECK_EVERY_MS, check);
  return {
    stop: () => {
      stopped = true;
      hourly.stop();
    },
  };
}
