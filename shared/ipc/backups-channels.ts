import { z } from 'zod';
import { MEDIA_KINDS } from '../platforms/media-limits';
import { event, invoke } from './define';

/**
 * A backup's id is its file name in `<data folder>/backups/`: `agencyiq-YYYYMMDD-HHMMSS.db`
 * (UTC), with `-N` when two were made within one second. Nothing else is ever accepted, so a
 * request cannot point the restore at another file.
 */
export const BACKUP_ID_PATTERN = /^agencyiq-\d{8}-\d{6}(?:-\d{1,3})?\.db$/;

/** What a backup holds, so the owner can tell backups apart by more than their dates. */
export const backupContentsSchema = z.strictObject({
  /** Scheduled, going out and published posts (not drafts, not the bin). */
  posts: z.number().int().nonnegative(),
  drafts: z.number().int().nonnegative(),
});
export type BackupContents = z.infer<typeof backupContentsSchema>;

export const backupInfoSchema = z.strictObject({
  id: z.string().regex(BACKUP_ID_PATTERN),
  /** When it was made, ms since the epoch. */
  createdAt: z.number().int(),
  sizeBytes: z.number().int().nonnegative(),
  /** Read from the copy; null when it cannot be read (the list then shows only the date). */
  contents: backupContentsSchema.nullable(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

export const backupListSchema = z.strictObject({
  /** Newest first. Every one listed passed an integrity check when it was made. */
  backups: z.array(backupInfoSchema),
  /** Where they are, to tell the owner. */
  folder: z.string(),
});
export type BackupList = z.infer<typeof backupListSchema>;

/** What happened at start when the database was found damaged; the owner decides what next. */
export const recoveryNoticeSchema = z.strictObject({
  /** Where the damaged file was moved (never deleted). */
  damagedFileKeptAt: z.string(),
  detectedAt: z.number().int(),
  /** What the check found, in plain words. */
  reason: z.string(),
  /** The newest backup that passed an integrity check just now, if any. */
  newestGoodBackup: backupInfoSchema.nullable(),
});
export type RecoveryNotice = z.infer<typeof recoveryNoticeSchema>;

/** A post whose attached files are not in the media folder after a restore, and which ones. */
export const missingMediaSchema = z.strictObject({
  postId: z.string(),
  /** The start of the post's text, to recognise it by. */
  excerpt: z.string(),
  /** Each lost file by its place on the post (0 = first). */
  files: z.array(z.strictObject({ position: z.number().int(), kind: z.enum(MEDIA_KINDS), format: z.string() })),
});
export type MissingMedia = z.infer<typeof missingMediaSchema>;

export const backupsChannels = {
  'backups.list': invoke(z.strictObject({}), backupListSchema),
  /** "Back up now": answers once the backup is written and verified. */
  'backups.create': invoke(z.strictObject({}), backupInfoSchema),
  /**
   * Replaces the database with a backup. The current database is moved aside first (its path is
   * answered) and never deleted; every open window then reloads its data.
   */
  'backups.restore': invoke(
    z.strictObject({ id: z.string().regex(BACKUP_ID_PATTERN) }),
    z.strictObject({
      restored: backupInfoSchema,
      previousDatabaseKeptAt: z.string().nullable(),
      /** A backup holds the media index, not the files: posts whose files are not on this computer. */
      missingMedia: z.array(missingMediaSchema),
    }),
  ),
  /** The recovery notice from this start, or null. */
  'backups.recovery': invoke(z.strictObject({}), z.strictObject({ notice: recoveryNoticeSchema.nullable() })),
  /** "Start fresh": the owner has read the notice; the damaged file stays where it was moved. */
  'backups.dismissRecovery': invoke(z.strictObject({}), z.strictObject({})),
};

export const backupsEvents = {
  /** A backup is being copied (pages of the database so far). */
  'backups.progress': event(z.strictObject({ copiedPages: z.number().int(), totalPages: z.number().int() })),
  /** The list changed (a daily or manual backup, a rotation). */
  'backups.changed': event(backupListSchema),
  /** The database was replaced by a backup: every screen must load its data again. */
  'backups.restored': event(z.strictObject({ id: z.string() })),
};
