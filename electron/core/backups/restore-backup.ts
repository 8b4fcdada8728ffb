import fs from 'node:fs';
import type { SwapResult } from '../db/live-database';
import { checkDatabaseFile } from './check-database-file';
import { moveDatabaseAside, moveDatabaseBack } from './move-aside';

/**
 * The file half of a restore, run while the database is closed (inside `LiveDatabase.replace`):
 * moves the current database (with its `-wal`/`-shm`) aside as `<db>.before-restore-<stamp>`,
 * copies the backup next to it, checks the copy, and only then gives it the database's name.
 * If anything fails the current database is put back before the error is thrown; `undo` does
 * the same if the restored file later refuses to open. `onKept` learns where the old file went.
 */
export function putBackupInPlace(
  backupPath: string,
  databasePath: string,
  at: number,
  onKept: (keptAt: string | null) => void,
): SwapResult {
  const copy = `${databasePath}.restoring`;
  const keptAt = moveDatabaseAside(databasePath, 'before-restore', at);
  const undo = () => {
    fs.rmSync(copy, { force: true });
    if (keptAt !== null) moveDatabaseBack(keptAt, databasePath);
    else fs.rmSync(databasePath, { force: true });
  };
  try {
    fs.copyFileSync(backupPath, copy);
    const check = checkDatabaseFile(copy, 'quick');
    if (!check.ok) throw new Error(`The copied backup did not pass its check: ${check.reason}`);
    fs.renameSync(copy, databasePath);
  } catch (error) {
    undo();
    throw error;
  }
  onKept(keptAt);
  return { undo };
}
