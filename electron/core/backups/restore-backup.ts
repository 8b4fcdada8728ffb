import fs from 'node:fs';
import type { SwapResult } from '../db/live-database';
import type { DatabaseFileCheck } from './check-database-file';
import { moveDatabaseAside, moveDatabaseBack } from './move-aside';

/** Where a restore copies the backup before it takes the database's name. */
export function restoringCopyPath(databasePath: string): string {
  return `${databasePath}.restoring`;
}

/**
 * The file half of a restore, run while the database is closed (inside `LiveDatabase.replace`):
 * copies the backup next to the database and checks the copy, then moves the current database
 * (with its `-wal`/`-shm`) aside as `<db>.before-restore-<stamp>` and gives the copy the
 * database's name. Ordered so that a kill at any point leaves a state the next start completes
 * (`recoverInterruptedMoves`): before the move aside the old database is intact; after it, the
 * copy waiting is already checked. If anything fails the current database is put back before
 * the error is thrown; `undo` does the same if the restored file later refuses to open.
 * `copyAndCheck` copies the file and runs `quick_check` on the copy (in the background worker:
 * a large file takes seconds), removing a copy that fails; `onKept` learns where the old file went.
 */
export async function putBackupInPlace(
  backupPath: string,
  databasePath: string,
  at: number,
  steps: {
    copyAndCheck: (from: string, to: string) => Promise<DatabaseFileCheck>;
    onKept: (keptAt: string | null) => void;
  },
): Promise<SwapResult> {
  const copy = restoringCopyPath(databasePath);
  try {
    const check = await steps.copyAndCheck(backupPath, copy);
    if (!check.ok) throw new Error(`The copied backup did not pass its check: ${check.reason}`);
  } catch (error) {
    fs.rmSync(copy, { force: true });
    throw error;
  }
  const keptAt = moveDatabaseAside(databasePath, 'before-restore', at);
  const undo = () => {
    fs.rmSync(copy, { force: true });
    if (keptAt !== null) moveDatabaseBack(keptAt, databasePath);
    else fs.rmSync(databasePath, { force: true });
  };
  try {
    fs.renameSync(copy, databasePath);
  } catch (error) {
    undo();
    throw error;
  }
  steps.onKept(keptAt);
  return { undo };
}
