import type { MediaKind } from '@shared/platforms/media-limits';

/** What an attachment is called on screen: "Picture 2", "Video", "PDF document". */
export function mediaKindName(kind: MediaKind): string {
  return kind === 'image' ? 'Picture' : kind === 'video' ? 'Video' : 'PDF document';
}

/** A video's length as a clock reads it: 0:07, 1:30, 1:02:05 (rounded to the second first, so 59.6 s is 1:00). */
export function formatDuration(totalSeconds: number): string {
  const whole = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/**
 * What a video's badge says over its tile: its length, after a play mark when the tile is a frame
 * of the video. The plain tile drawn when no frame could be taken already carries a large play
 * mark (`writeVideoPlaceholder`), so its badge is the length alone: one play mark either way.
 */
export function videoBadge(durationSeconds: number | null, poster: 'image' | 'placeholder'): string {
  const length = durationSeconds !== null ? formatDuration(durationSeconds) : '';
  if (poster === 'placeholder') return length;
  return length === '' ? '▶' : `▶ ${length}`;
}

const UNITS = ['bytes', 'KB', 'MB', 'GB'] as const;

/**
 * A size as an owner reads it, in decimal units (as phones and macOS show sizes): 34 MB, 1.2 GB.
 * Below 10 in a unit one decimal is kept; `unitOf` picks the unit from another size, so a part
 * and its total are written in the same unit.
 */
export function formatBytes(bytes: number, unitOf: number = bytes): string {
  let unit = 0;
  while (unit < UNITS.length - 1 && unitOf >= 1000 ** (unit + 1)) unit += 1;
  const value = bytes / 1000 ** unit;
  if (unit === 0) return `${Math.round(value)} bytes`;
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${UNITS[unit]}`;
}

/** "34 MB of 120 MB": the part in the total's unit, so the two read together. */
export function formatProgress(sent: number, total: number): string {
  return `${formatBytes(Math.min(sent, total), total)} of ${formatBytes(total)}`;
}
