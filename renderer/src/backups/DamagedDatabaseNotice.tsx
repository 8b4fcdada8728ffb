import { useEffect, useState } from 'react';
import type { RecoveryNotice } from '@shared/ipc/backups-channels';
import { call, errorMessage } from '../ipc/client';
import { formatBackupDate } from './format-backup';

/**
 * Shown after a start on which the database failed its check: where the damaged file was kept,
 * and the choice between the newest good backup and starting fresh.
 */
export function DamagedDatabaseNotice() {
  const [notice, setNotice] = useState<RecoveryNotice | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    call('backups.recovery', {})
      .then((answer) => current && setNotice(answer.notice))
      .catch(() => {
        // No notice is the safe reading: the damaged file is kept aside either way.
      });
    return () => {
      current = false;
    };
  }, []);

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
      setNotice(null);
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
        <p>Your newest good backup is from {formatBackupDate(backup.createdAt)}. Restoring it brings back everything saved up to then.</p>
      ) : (
        <p>There is no backup to restore. You can start fresh; support may be able to recover data from the damaged file.</p>
      )}
      {error !== null && <p>{error}</p>}
      <p className="actions">
        {backup !== null && (
          <button type="button" className="button" disabled={busy} onClick={() => void restore()}>
            Restore backup from {formatBackupDate(backup.createdAt)}
          </button>
        )}
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void startFresh()}>
          Start fresh
        </button>
      </p>
    </div>
  );
}
