import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BackupInfo, MissingMedia } from '@shared/ipc/backups-channels';
import { formatFullDateTime } from '../format/dates';
import { describeBackupContents, formatSize } from '../backups/format-backup';
import { ipcQueryKey, useIpcQuery } from '../data/use-ipc-query';
import { call, errorMessage, subscribe } from '../ipc/client';
import { LoadFailed } from '../ui/LoadFailed';
import { mediaKindName } from '../format/media';

type Status = { tone: 'ok' | 'error'; text: string } | null;

/** Settings → Backups: the list with dates and sizes, "Back up now" and "Restore…". */
export function BackupsSection() {
  const client = useQueryClient();
  const query = useIpcQuery('backups.list', {});
  const list = query.data ?? null;
  const [working, setWorking] = useState<'backing-up' | 'restoring' | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [confirming, setConfirming] = useState<BackupInfo | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const restoreButtons = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    return subscribe('backups.progress', ({ copiedPages, totalPages }) =>
      setProgress(totalPages > 0 ? Math.floor((copiedPages / totalPages) * 100) : null),
    );
  }, []);

  useEffect(() => {
    if (confirming !== null) confirmRef.current?.focus();
  }, [confirming]);

  const backUpNow = async () => {
    setWorking('backing-up');
    setStatus(null);
    setProgress(null);
    try {
      const made = await call('backups.create', {});
      client.setQueryData(ipcQueryKey('backups.list', {}), await call('backups.list', {}));
      setStatus({ tone: 'ok', text: `Backed up: ${describeBackup(made)}.` });
    } catch (error) {
      setStatus({ tone: 'error', text: `The backup was not made. ${errorMessage(error)}` });
    } finally {
      setWorking(null);
      setProgress(null);
    }
  };

  const cancelRestore = () => {
    const id = confirming?.id;
    setConfirming(null);
    if (id !== undefined) restoreButtons.current.get(id)?.focus();
  };

  const restore = async (backup: BackupInfo) => {
    setWorking('restoring');
    setStatus(null);
    try {
      const { missingMedia } = await call('backups.restore', { id: backup.id });
      // Every screen reloads on the `backups.restored` event; this shows until it does.
      setStatus({
        tone: missingMedia.length > 0 ? 'error' : 'ok',
        text: `Restored the backup from ${describeBackup(backup)}.${describeMissingMedia(missingMedia) || ' Reloading…'}`,
      });
    } catch (error) {
      setStatus({ tone: 'error', text: errorMessage(error) });
      setWorking(null);
    }
    setConfirming(null);
  };

  return (
    <section className="settings-section" aria-labelledby="settings-backups">
      <h2 id="settings-backups">Backups</h2>
      <p className="hint">
        AgencyIQ backs up your drafts, posts and settings every day and keeps the last seven, in its own folder on
        this computer. Each one holds everything as it was at that time.
      </p>
      <p className="actions">
        <button type="button" className="button" disabled={working !== null} onClick={() => void backUpNow()}>
          {working === 'backing-up' ? 'Backing up…' : 'Back up now'}
        </button>
      </p>
      <div role="status" aria-live="polite">
        {working === 'backing-up' && progress !== null && <p className="hint">Copying… {progress}%</p>}
        {status !== null && <p className={status.tone === 'error' ? 'field-error' : 'save-status-ok'}>{status.text}</p>}
      </div>
      {list === null && query.isError && (
        <LoadFailed action="list your backups" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      )}
      {list !== null && list.backups.length === 0 && <p className="hint">No backups yet. The first one is made today.</p>}
      {list !== null && list.backups.length > 0 && (
        <ul className="backup-list" aria-label="Your backups">
          {list.backups.map((backup) => (
            <li key={backup.id} className="backup-row">
              <span className="backup-date">{formatFullDateTime(backup.createdAt)}</span>
              <span className="backup-holds">{describeBackupContents(backup.contents) ?? formatSize(backup.sizeBytes)}</span>
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={`Restore the backup from ${formatFullDateTime(backup.createdAt)}`}
                disabled={working !== null}
                ref={(element) => {
                  if (element) restoreButtons.current.set(backup.id, element);
                  else restoreButtons.current.delete(backup.id);
                }}
                onClick={() => setConfirming(backup)}
              >
                Restore…
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirming !== null && (
        <div
          className="notice confirm"
          role="alertdialog"
          aria-labelledby="restore-confirm-title"
          aria-describedby="restore-confirm-text"
          onKeyDown={(event) => {
            if (event.key === 'Escape') cancelRestore();
          }}
        >
          <p id="restore-confirm-title">
            <strong>Restore the backup from {formatFullDateTime(confirming.createdAt)}?</strong>
          </p>
          <p id="restore-confirm-text">
            AgencyIQ will show your drafts, posts and settings as they were then. Your current database is kept aside
            first, in the data folder, and never deleted; anything saved since the backup stays in that file.
          </p>
          <p className="actions">
            <button
              type="button"
              className="button button-danger"
              ref={confirmRef}
              disabled={working !== null}
              onClick={() => void restore(confirming)}
            >
              {working === 'restoring' ? 'Restoring…' : 'Restore this backup'}
            </button>
            <button type="button" className="button button-secondary" disabled={working === 'restoring'} onClick={cancelRestore}>
              Cancel
            </button>
          </p>
        </div>
      )}
    </section>
  );
}

/** "Thu 3 Dec 2026, 9:00 am (12 posts, 3 drafts)". */
function describeBackup(backup: BackupInfo): string {
  return `${formatFullDateTime(backup.createdAt)} (${describeBackupContents(backup.contents) ?? formatSize(backup.sizeBytes)})`;
}

/** A backup carries the media index, not the files: name the posts that lost files, and which. */
function describeMissingMedia(missing: readonly MissingMedia[]): string {
  if (missing.length === 0) return '';
  const posts = missing.map(
    (post) =>
      `“${post.excerpt}” lost ${post.files
        .map((file) => `${mediaKindName(file.kind).toLowerCase()} ${file.position + 1} (${file.format.toUpperCase()})`)
        .join(', ')}`,
  );
  return ` Some attached files are not on this computer: ${posts.join('; ')}. Add them to those posts again.`;
}
