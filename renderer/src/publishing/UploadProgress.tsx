import { useEffect, useState } from 'react';
import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import { subscribe } from '../ipc/client';
import { formatProgress } from '../format/media';

/**
 * How far a target's media upload has gone, from `publishing.upload-progress` (sent at most once
 * per whole percent by the core). Shown only while the target is publishing and something has
 * been reported; the bar is a native <progress> (role progressbar) and the words say the bytes.
 */
export function UploadProgress({ targetId, platform }: { targetId: string; platform: Platform }) {
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  useEffect(
    () =>
      subscribe('publishing.upload-progress', (event) => {
        if (event.targetId === targetId) setProgress({ sent: event.sentBytes, total: event.totalBytes });
      }),
    [targetId],
  );
  if (!progress) return null;
  const text = formatProgress(progress.sent, progress.total);
  return (
    <span className="upload-progress">
      <progress
        max={progress.total}
        value={Math.min(progress.sent, progress.total)}
        aria-label={`Uploading to ${PLATFORM_LABELS[platform]}`}
        aria-valuetext={text}
      />
      <span aria-hidden="true">{text}</span>
    </span>
  );
}
