import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RecoveryNotice } from '@shared/ipc/backups-channels';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage } from '../ipc/client';
import { formatFullDateTime } from '../format/dates';

/**
 * Shown after a start on which the database failed its check: where the damaged file was kept,
 * and the choice between the newest good backup and starting fresh.
 */
export function DamagedDatabaseNotice() {
  const client = useQueryClient();
  // A failed read shows no notice: the safe reading, as the damaged file is kept aside either way.
  const notice: RecoveryNotice | null = useIpcQuery('backups.recovery', {}).data?.notice ?? null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (notice === null) return null;
  const backup = notice.newestGoodBackup;

  const restore = async () => {
    if (backup === null) return;
    setBusy(true);
    setError(null);
    try {
      await call('backups.restore', { id: backup.id });
      // The `backups.restored` event reloads every screen.
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  };
  const startFresh = async () => {
    setBusy(true);
    try {
      await call('backups.dismissRecovery', {});
      client.setQueryData(ipcQueryKey('backups.recovery', {}), { notice: null });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="notice notice-error" role="alert">
      <p>AgencyIQ found its database damaged when it started, so it started with an empty one.</p>
      <p>
        Nothing was deleted: the damaged file was kept at <code className="path">{notice.damagedFileKeptAt}</code>.
      </p>
      {backup !== null ? (
        <p>Your newest good backup is from {formatFullDateTime(backup.createdAt)}. Restoring it brings back everything saved up to then.</p>
      ) : (
        <p>There is no backup to restore. You can start fresh; support may be able to recover data from the damaged file.</p>
      )}
      {error !== null && <p>{error}</p>}
      <p className="actions">
        {backup !== null && (
          <button type="button" className="button" disabled={busy} onClick={() => void restore()}>
            Restore backup from {formatFullDateTime(backup.createdAt)}
          </button>
        )}
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void startFresh()}>
          Start fresh
        </button>
      </p>
    </div>
  );
}
