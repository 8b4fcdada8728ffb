import type { backupsChannels } from '@shared/ipc/backups-channels';
import type { HandlersFor } from '../handler-types';
import type { BackupService } from './backup-service';

/** Settings → Backups, and the recovery notice after damage at start. */
export function createBackupsHandlers(service: BackupService): HandlersFor<keyof typeof backupsChannels> {
  return {
    'backups.list': async () => service.list(),
    'backups.create': () => service.backUpNow(),
    'backups.restore': ({ id }) => service.restore(id),
    'backups.recovery': async () => ({ notice: service.recovery() }),
    'backups.dismissRecovery': async () => {
      service.dismissRecovery();
      return {};
    },
  };
}
