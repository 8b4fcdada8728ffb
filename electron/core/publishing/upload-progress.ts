import type { Platform } from '@shared/domain/platform';

/** One target's upload progress, as the `publishing.upload-progress` event carries it. */
export interface TargetUploadProgress {
  postId: string;
  targetId: string;
  platform: Platform;
  sentBytes: number;
  totalBytes: number;
}

/**
 * Passes on an upload's progress at most once per whole percent (and the last byte), so a 1 GB
 * video sent in small pieces costs the windows 101 events, not one per chunk. A report that goes
 * back (a restarted piece) is passed on: the bar should tell the truth.
 */
export class UploadProgressGate {
  #lastPercent = -1;
  #lastSent = -1;

  constructor(private readonly emit: (sentBytes: number, totalBytes: number) => void) {}

  report(sentBytes: number, totalBytes: number): void {
    if (!(totalBytes > 0) || sentBytes < 0) return;
    const sent = Math.min(sentBytes, totalBytes);
    const percent = Math.floor((sent * 100) / totalBytes);
    if (sent > this.#lastSent && percent === this.#lastPercent && sent !== totalBytes) return;
    if (sent === this.#lastSent) return;
    this.#lastPercent = percent;
    this.#lastSent = sent;
    this.emit(sent, totalBytes);
  }
}
