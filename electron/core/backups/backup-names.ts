import { BACKUP_ID_PATTERN } from '@shared/ipc/backups-channels';

const NAME = /^agencyiq-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d{1,3}))?\.db$/;

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDD-HHMMSS` in UTC: sorts as text, reads as a date, the same on every computer. */
export function compactUtcStamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `-${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`
  );
}

/** The file name of a backup made at `ms`; `sequence` > 1 when that second already has one. */
export function backupFileName(ms: number, sequence = 1): string {
  return `agencyiq-${compactUtcStamp(ms)}${sequence > 1 ? `-${sequence}` : ''}.db`;
}

/** What a backup's file name says about it, or null for any other file. */
export function parseBackupFileName(name: string): { createdAt: number; sequence: number } | null {
  if (!BACKUP_ID_PATTERN.test(name)) return null;
  const match = NAME.exec(name);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, seq] = match.map(Number) as number[];
  const createdAt = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  // Date.UTC rolls 20261399 over into another date; such a name was not made by us.
  if (Number.isNaN(createdAt) || backupFileName(createdAt) !== name.replace(/-\d{1,3}\.db$/, '.db')) return null;
  return { createdAt, sequence: Number.isNaN(seq) || seq === undefined ? 1 : seq };
}
