import BetterSqlite3 from 'better-sqlite3';
import type { BackupContents } from '@shared/ipc/backups-channels';

/**
 * What a backup holds, read from the copy itself: its drafts, and its other posts (scheduled,
 * going out or done), leaving out the bin. Null when the file has no posts table (not ours, or
 * too damaged to read), so the list shows only its date. One indexed count per file; the
 * store keeps the answer per file version, so a list costs nothing after the first.
 */
export function readBackupContents(filePath: string): BackupContents | null {
  let copy: BetterSqlite3.Database | null = null;
  try {
    copy = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true });
    const row = copy
      .prepare(
        `SELECT count(*) FILTER (WHERE state = 'draft') AS drafts, count(*) FILTER (WHERE state <> 'draft') AS posts
           FROM posts WHERE deleted_at IS NULL`,
      )
      .get() as { drafts: number; posts: number };
    return { posts: row.posts, drafts: row.drafts };
  } catch {
    return null;
  } finally {
    copy?.close();
  }
}
