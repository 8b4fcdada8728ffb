import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Platform } from '@shared/domain/platform';

/** What a scrub of the data folder's database copies did. */
export interface ForgetReport {
  /** Copies that held the platform's token ciphertext and no longer do. */
  cleaned: string[];
  /** Copies SQLite could not change (a damaged file): the ciphertext may still be in them. */
  failed: Array<{ file: string; reason: string }>;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** `backups/` is one level down; nothing we write goes deeper. */
const MAX_DEPTH = 2;

/**
 * On Disconnect, the connection's token ciphertext goes from every COPY of the database the
 * data folder keeps: the daily backups, `agencyiq.db.before-restore-*` and `agencyiq.db.damaged-*`
 * (with their `-wal`, which SQLite applies when it opens them). A copy is any file that starts
 * with SQLite's header, except the live database (the connection store wipes that one itself).
 *
 * In each copy the platform's rows keep their place (posts still point at them) but lose their
 * ciphertext and read "needs reconnect", so a restore asks the owner to sign in again. With
 * `secure_delete` the freed bytes are zeroed, and VACUUM rewrites the file without free pages,
 * which may still hold older ciphertext (a refresh replaced the blob before the copy was made).
 *
 * Must run while no backup or restore is in progress (BackupService runs it in their queue).
 */
export function forgetPlatformInCopies(dataDir: string, liveDatabasePath: string, platform: Platform): ForgetReport {
  const report: ForgetReport = { cleaned: [], failed: [] };
  for (const file of databaseCopies(dataDir, path.resolve(liveDatabasePath))) {
    try {
      if (forgetIn(file, platform)) report.cleaned.push(file);
    } catch (error) {
      report.failed.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
}

/** True when the copy held something of the platform's that it now does not. */
function forgetIn(file: string, platform: Platform): boolean {
  const sqlite = new BetterSqlite3(file, { fileMustExist: true });
  try {
    sqlite.pragma('secure_delete = ON');
    const hasConnections = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'connections'").get();
    if (hasConnections === undefined) return false;
    const changed = sqlite
      .prepare(
        `UPDATE connections SET token_ciphertext = NULL, state = 'needs_reconnect', state_reason = 'revoked'
         WHERE platform = ? AND token_ciphertext IS NOT NULL`,
      )
      .run(platform).changes;
    const freePages = sqlite.pragma('freelist_count', { simple: true }) as number;
    if (changed === 0 && freePages === 0) return false;
    sqlite.exec('VACUUM');
    // A copy kept in WAL mode (before-restore, damaged) wrote all that to its -wal: fold it in and empty it.
    if (sqlite.pragma('journal_mode', { simple: true }) === 'wal') sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return changed > 0;
  } finally {
    sqlite.close();
  }
}

function databaseCopies(folder: string, live: string, depth = 0): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && depth + 1 < MAX_DEPTH) found.push(...databaseCopies(full, live, depth + 1));
    else if (entry.isFile() && path.resolve(full) !== live && startsWithSqliteHeader(full)) found.push(full);
  }
  return found;
}

function startsWithSqliteHeader(file: string): boolean {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
